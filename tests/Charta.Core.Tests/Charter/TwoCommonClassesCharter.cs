using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Tests.Valuation;

namespace Charta.Core.Tests.Charter;

/// <summary>
/// A test-local charter with two classes of common (session 20, issue 12): Class A Common (1 vote a share, 10,000,000
/// authorized) and Class B Common (10 votes a share, 2,000,000 authorized), and two series, Seed ($1.00) and A ($2.00),
/// each 1× non-participating and converting into Class A. The merger provision is a vote of each series separately
/// (votingTogether false). Illustrative, written for the tests; not legal advice.
/// </summary>
public static partial class TwoCommonClassesCharter
{
    public static readonly DateOnly Day = new(2024, 1, 2);

    public static CharterDocument Charter => CharterLoader.Load(Json, "two-class-test").Ok();

    /// <summary>The charter with one value changed (a JSON pointer, "-" appends), as text.</summary>
    public static string With(string pointer, string json, string? text = null)
    {
        var doc = JsonNode.Parse(text ?? Json)!.AsObject();
        var parts = pointer.Trim('/').Split('/');
        JsonNode node = doc;
        foreach (var p in parts[..^1]) node = int.TryParse(p, out var i) ? node[i]! : node[p]!;
        if (parts[^1] == "-") node.AsArray().Add(JsonNode.Parse(json));
        else if (json == "REMOVE") node.AsObject().Remove(parts[^1]);
        else node[parts[^1]] = JsonNode.Parse(json);
        return doc.ToJsonString();
    }

    /// <summary>
    /// The company: Founder 1,000,000 Class B; Angel 500,000 Class A; Seed Fund 1,000,000 Seed at $1.00; A Fund
    /// 1,500,000 Series A at $2.00; Employee an option on 200,000 Class A at $0.50.
    /// </summary>
    public static Ledger.TestLedger Company(string? charterJson = null, List<string>? refusals = null)
    {
        var l = new Ledger.TestLedger();
        l.Add(new CompanyCreated(Day, "two-class-test", charterJson ?? Json, Day));
        foreach (var h in new[] { "Founder", "Angel", "Seed Fund", "A Fund", "Employee" }) l.Add(new StakeholderAdded(Day, h));
        void Add(LedgerEvent e)
        {
            if (refusals is null) l.Ok(e);
            else if (l.TryAdd(e) is { } r) refusals.Add(r.ToString());
        }

        Add(new SharesIssued(Day, "Founder", "class-b", 1_000_000, 0.001m));
        Add(new SharesIssued(Day, "Angel", "class-a", 500_000, 0.10m));
        Add(new SharesIssued(Day, "Seed Fund", "Seed", 1_000_000, 1.00m));
        Add(new SharesIssued(Day, "A Fund", "A", 1_500_000, 2.00m));
        Add(new InstrumentGranted(Day, "G-1", "Employee", "option", "class-a", 200_000, 0.50m));
        return l;
    }
}
