namespace Charta.Core.Charter;

/// <summary>
/// A citation into the charter, e.g. "FOURTH §6(d)(iv)" or "SEVENTH". Every term, result and refusal carries one,
/// so that a figure can be traced back to the text that produced it.
/// </summary>
public readonly record struct Clause
{
    public Clause(string citation)
    {
        Preconditions.NotBlank(citation, nameof(citation));
        Citation = citation;
    }

    public string Citation { get; }

    public static Clause Of(string citation) => new(citation);

    public override string ToString() => Citation;

    public static implicit operator string(Clause c) => c.Citation;
}

/// <summary>A value of the charter together with the clause it comes from.</summary>
public sealed record Term<T>(T Value, string Clause)
{
    [System.Text.Json.Serialization.JsonIgnore] public Clause Citation => new(Clause);
}
