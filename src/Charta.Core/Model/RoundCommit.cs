using System.Globalization;
using Charta.Core.Charter;
using Charta.Core.Ledger;

namespace Charta.Core.Model;

/// <summary>
/// Recording a modelled round: the charter amendment that creates the new series, the round's events, then the
/// amendment that extends the charter's anti-dilution protection to the new series after its closing. Refused while a
/// consent the charter requires is not shown to be met.
/// </summary>
public static class RoundCommit
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The consents that apply and are not met by the named consenting holders (none consenting: all of them).</summary>
    public static IReadOnlyList<ConsentResult> Missing(RoundResult r) =>
        r.Consents.Where(c => c.Applies && c.Base is not null && c.Met != true).ToArray();

    public static Result<IReadOnlyList<LedgerEvent>> Events(RoundResult r, string? approval)
    {
        if (Missing(r) is { Count: > 0 } missing)
        {
            var m = missing[0];
            return new Refusal("--commit", "refused",
                $"the round needs {m.Threshold} of the {m.Base} ({(m.Needed is { } n ? n.ToString("N0", C) : "?")} of {(m.Whole is { } w ? w.ToString("N0", C) : "?")}) and the consenting holders have {(m.Consenting is { } k ? k.ToString("N0", C) : "none named")}: name them with --consent",
                Clause.Of(m.Clause));
        }

        var id = r.NewSeries.Id;
        var amended = r.AmendedCharter;
        var events = new List<LedgerEvent>
        {
            // The consent the model measured travels in the event, so the fold checks the senior-or-parity consent
            // (and the adverse-amendment one for a senior series) on the ledger at the closing, as for 'amend charter'.
            new CharterAmended(r.Closing, CharterLoader.ToJson(amended), $"creates {amended.FindSeries(id)!.Name} ({r.NewSeries.Shares:N0} shares) and the authorized shares for the round", approval,
                r.Consenting.Count == 0 ? null : new ConsentRecord(approval ?? "the consents named to model round --commit", [.. r.Consenting.Select(h => new Covenants.Consent(h))])),
        };
        events.AddRange(r.Events);
        // The new series takes the senior series' anti-dilution protection after its closing (not during the round that creates it).
        if (amended.AntiDilution is { } ad && !ad.AppliesTo.Contains(id) && r.Before.Charter.Series.Any(s => ad.AppliesTo.Contains(s.Id)))
            events.Add(new CharterAmended(r.Closing, CharterLoader.ToJson(amended with { AntiDilution = ad with { AppliesTo = [.. ad.AppliesTo, id] } }),
                $"Series {id} protected by the anti-dilution provisions from after its closing", approval));
        return events;
    }
}
