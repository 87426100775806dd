using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Conversion;

/// <summary>
/// Issue 12, item 2 (conversion: several resets applied in date order). Before, only the last reset of the charter was
/// recorded: the others moved the prices the offering's tests used and then were lost. Now every reset the filing
/// triggers sets its series' price, in the order of its anchor (the Original Issue Date of its series), then charter order.
/// </summary>
public sealed class Resets_SeveralInDateOrder
{
    /// <summary>Juniper with a second reset, on Series D (anchored on D's own first issue, 2000-01-03), listed first.</summary>
    private static string TwoResets(string secondSeries, int days, decimal percent, bool ownOid)
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId))!.AsObject();
        var resets = doc["conversionPriceResets"]!.AsArray();
        resets.Insert(0, JsonNode.Parse($$"""
            { "series": "{{secondSeries}}", "trigger": "qualifying-registration-statement-filed", "anchor": "original-issue-date",
              "windows": [ { "upToDays": {{days}}, "percentOfOfferingPrice": {{percent}}, "clause": "FOURTH §6(c) ({{secondSeries}})" } ],
              "clause": "FOURTH §6(c) ({{secondSeries}})" }
            """));
        if (ownOid)
        {
            var i = doc["series"]!.AsArray().Select((s, k) => (s, k)).Single(x => (string)x.s!["id"]! == secondSeries).k;
            doc["series"]![i]!["antiDilution"] = JsonNode.Parse($$"""
                { "method": "broad-based-weighted-average", "originalIssueDate": { "series": "{{secondSeries}}", "clause": "FOURTH §6(d)(i)(B) ({{secondSeries}})" }, "clause": "FOURTH §6(d)(iv)" }
                """);
        }

        var text = doc.ToJsonString();
        Assert.True(CharterLoader.Load(text, "t").IsOk, CharterLoader.Load(text, "t").Refusal?.ToString());
        return text;
    }

    private static CapTable Offering(string charter)
    {
        var c = Company.Empty();
        var events = Company.Juniper().Recorded().Select(r => r.Event).ToList();
        events[0] = ((CompanyCreated)events[0]) with { CharterJson = charter };
        foreach (var e in events) c.Add(e);
        // Filed 2000-06-01, closed 2000-07-01 at $20 a share, $68,000,000.
        return c.Add(new RegistrationFiled(new DateOnly(2000, 6, 1)))
            .Add(new PublicOfferingClosed(new DateOnly(2000, 7, 1), 20m, 68_000_000m)).Table();
    }

    [Fact]
    public void TwoSeries_BothResets_Apply_InTheOrderOfTheirOriginalIssueDates()
    {
        // Series D's reset: within 365 days of D's first issue (2000-01-03), 60% of the offering price: the filing on
        // 2000-06-01 is 150 days after it: 0.60 × 20 = $12.00. Series D1's: 92 days after 2000-03-01, window 1, 85%:
        // 0.85 × 20 = $17.00. D's anchor is earlier, so D is reset first, then D1; both are recorded.
        var t = Offering(TwoResets("D", 365, 60, ownOid: true));
        var resets = t.ConversionPriceHistory.Where(h => h.Inputs?.Rule == "reset").ToList();
        Assert.Equal(["D", "D1"], resets.Select(h => h.Series));
        Assert.Equal((11.03m, 12.00m, 150), (resets[0].From, resets[0].To, resets[0].Inputs!.DaysAfterOriginalIssueDate!.Value));
        Assert.Equal((11.03m, 17.00m, 92), (resets[1].From, resets[1].To, resets[1].Inputs!.DaysAfterOriginalIssueDate!.Value));
        Assert.Equal("FOURTH §6(c) (D)", resets[0].Clause);
    }

    [Fact]
    public void OneSeries_TwoResets_TheLaterListedPrevails_AndBothAreRecorded()
    {
        // Two resets on D1, both anchored on 2000-03-01 (a tie: charter order). The one listed first (50% within 365 days)
        // sets 0.50 × 20 = $10.00; then the charter's own (85% within 180 days) sets 0.85 × 20 = $17.00, which stands.
        var t = Offering(TwoResets("D1", 365, 50, ownOid: false));
        var resets = t.ConversionPriceHistory.Where(h => h.Inputs?.Rule == "reset").ToList();
        Assert.Equal([(11.03m, 10.00m), (10.00m, 17.00m)], resets.Select(h => (h.From, h.To)));
    }
}
