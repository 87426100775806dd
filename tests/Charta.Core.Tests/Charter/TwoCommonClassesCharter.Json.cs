namespace Charta.Core.Tests.Charter;

/// <summary>The text of the test-local two-class charter (linked into the CLI tests too: no other dependency).</summary>
public static partial class TwoCommonClassesCharter
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
      "dividends": {
        "preferredBeforeCommon": true, "exceptCommonPaidInCommon": true, "partialPayment": "same-percentage-of-rate",
        "excess": "pro-rata-as-converted", "clause": "Article IV, Part B §1"
      },
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
}
