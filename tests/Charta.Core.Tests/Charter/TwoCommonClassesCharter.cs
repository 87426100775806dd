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
public static class TwoCommonClassesCharter
{
    public const string Json = """
    {
      "formatVersion": 1,
      "id": "two-class-test",
      "company": "Two Class, Inc.",
      "authorized": {
        "total": { "value": 17000000, "clause": "Article IV" },
        "common": { "value": 12000000, "clause": "Article IV" },
        "preferred": { "value": 5000000, "clause": "Article IV" }
      },
      "common": {
        "id": "class-a",
        "name": "Class A Common Stock",
        "votesPerShare": { "value": 1, "clause": "Article IV, Part A §2(a)" },
        "authorized": { "value": 10000000, "clause": "Article IV, Part A §1" }
      },
      "additionalCommonClasses": [
        {
          "id": "class-b",
          "name": "Class B Common Stock",
          "votesPerShare": { "value": 10, "clause": "Article IV, Part A §2(b)" },
          "authorized": { "value": 2000000, "clause": "Article IV, Part A §1" }
        }
      ],
      "series": [
        {
          "id": "Seed", "name": "Series Seed Preferred Stock",
          "designation": { "clause": "Article IV, Part B" },
          "fixedShares": { "value": 2000000, "clause": "Article IV, Part B" },
          "originalIssuePrice": { "value": 1.00, "clause": "Article IV, Part B §1" },
          "initialConversionPrice": { "value": 1.00, "clause": "Article IV, Part B §4.1" },
          "dividend": { "ratePerShare": 0.06, "kind": "non-cumulative", "clause": "Article IV, Part B §1" },
          "liquidation": { "multiple": 1, "seniority": 1, "participation": { "kind": "none" }, "clause": "Article IV, Part B §2.1" },
          "convertsInto": { "class": "class-a", "clause": "Article IV, Part B §4.1" }
        },
        {
          "id": "A", "name": "Series A Preferred Stock",
          "designation": { "clause": "Article IV, Part B" },
          "fixedShares": { "value": 3000000, "clause": "Article IV, Part B" },
          "originalIssuePrice": { "value": 2.00, "clause": "Article IV, Part B §1" },
          "initialConversionPrice": { "value": 2.00, "clause": "Article IV, Part B §4.1" },
          "dividend": { "ratePerShare": 0.12, "kind": "non-cumulative", "clause": "Article IV, Part B §1" },
          "liquidation": { "multiple": 1, "seniority": 1, "participation": { "kind": "none" }, "clause": "Article IV, Part B §2.1" },
          "convertsInto": { "class": "class-a", "clause": "Article IV, Part B §4.1" }
        }
      ],
      "liquidation": {
        "shortfallBasis": { "value": "preference-amount", "clause": "Article IV, Part B §2.1" },
        "residualToCommon": { "clause": "Article IV, Part B §2.2" }
      },
      "redemption": { "redeemable": false, "clause": "Article IV, Part B §6" },
      "conversion": {
        "optional": { "formula": "original-issue-price / conversion-price", "clause": "Article IV, Part B §4.1" },
        "fractionalShares": { "rule": "round-down-pay-cash", "aggregatePerHolder": true, "clause": "Article IV, Part B §4.2" },
        "convertedSharesReissuable": { "value": false, "clause": "Article IV, Part B §4.3.4" },
        "reservation": { "clause": "Article IV, Part B §4.3.1" },
        "splitAdjustment": { "clause": "Article IV, Part B §4.5" }
      },
      "voting": {
        "preferredBasis": "as-converted",
        "rounding": "nearest-whole-vote-after-aggregating-per-holder",
        "midpoint": "away-from-zero",
        "clause": "Article IV, Part B §3.1"
      },
      "protectiveProvisions": [
        { "id": "adverse-amendment", "matter": "Amend the certificate adversely to the Preferred Stock", "base": "preferred-shares", "fraction": "1/2", "comparison": "more-than", "votingTogether": true, "clause": "Article IV, Part B §3.3" },
        { "id": "merger", "matter": "Effect a Deemed Liquidation Event", "base": "preferred-shares", "fraction": "1/2", "comparison": "more-than", "votingTogether": false, "clause": "Article IV, Part B §3.4" }
      ]
    }
    """;

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
