using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Covenants;
using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Covenants;

/// <summary>
/// A new series needs its consent wherever it is created (issue #11): the senior-or-parity covenant (Juniper FOURTH
/// §8(b)(i), nvca-2020-style Part B §3.3.3) is checked by the fold on every charter amendment that carries a consent
/// record or asks for the check: `amend charter` (charter-amended v2) and `model round --commit` (which now records the
/// consent it measured), one reading for both: a new series whose preference ranks "superior to or on a parity with any
/// preference" of the existing preferred (at or above the least senior series) needs it; one senior to every series
/// also needs the adverse-amendment consent.
/// Juniper (AntiDilution.Company): 4,067,000 preferred; §8(b) at least 2/3: 2,711,334 shares.
/// </summary>
public class Fourth_8b_i_NewSeriesConsent
{
    private static readonly DateOnly Day = new(2000, 5, 2);

    private static ConsentRecord Consent(params string[] holders) => new("Written consent 2000-05-01", holders.Select(h => new Consent(h)).ToList());

    /// <summary>The charter with a Series E of 1,000,000 shares (a copy of its first series) ranking <paramref name="seniority"/>, and the authorized preferred and total 1,000,000 more.</summary>
    internal static string WithSeriesE(string charterJson, int seniority)
    {
        var doc = JsonNode.Parse(charterJson)!.AsObject();
        var series = doc["series"]!.AsArray();
        var e = series[0]!.DeepClone().AsObject();
        e["id"] = "E";
        e["name"] = "Series E Preferred Stock";
        e["fixedShares"]!["value"] = 1_000_000;
        e["liquidation"]!["seniority"] = seniority;
        e.Remove("antiDilution");
        e.Remove("redemption");
        series.Add(e);
        foreach (var k in new[] { "preferred", "total" })
            doc["authorized"]![k]!["value"] = doc["authorized"]![k]!["value"]!.GetValue<long>() + 1_000_000;
        return doc.ToJsonString();
    }

    private static string Juniper(int seniority) => WithSeriesE(CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId), seniority);

    [Fact]
    public void Fourth_8b_i_AModelCommitAmendment_CarriesItsConsent_AndTheFoldMeasuresIt()
    {
        // What `model round --commit` records (v1 shape, the consent named with --consent in the event): Series E on a
        // parity with the preferred. The A holders' 1,100,000 are 1,611,334 short of 2,711,334; A, B and D1 hold
        // 1,100,000 + 1,070,000 + 1,000,000 = 3,170,000 ≥ 2,711,334.
        var amend = new CharterAmended(Day, Juniper(1), "creates Series E Preferred", "Stockholders 2000-05-01", Consent("A holders"));
        var refused = Company.Juniper().Add(amend).TryTable();
        Assert.Equal("FOURTH §8(b)(i)", refused.Refusal!.Clause!.Value.Citation);
        Assert.Contains("at least 2/3 of the 4,067,000 preferred shares outstanding (2,711,334)", refused.Refusal.Reason);
        var t = Company.Juniper().Add(amend with { Consent = Consent("A holders", "B holders", "D1 holders") }).Table();
        Assert.NotNull(t.Charter.FindSeries("E"));
    }

    [Fact]
    public void Fourth_8b_i_AmendCharter_ASeriesSeniorToAll_NeedsTheParityConsent()
    {
        // Seniority 2 over the preferred's 1: §8(b)(i) (2/3, 2,711,334) and §8(a)(i) (more than 1/2, 2,033,501); the
        // first that is short is named. A, B and D1's 3,170,000 meet both.
        var amend = new CharterAmended(Day, Juniper(2), "creates a senior Series E", "Stockholders 2000-05-01", null, true);
        var refused = Company.Juniper().Add(amend).TryTable();
        Assert.Equal("FOURTH §8(b)(i)", refused.Refusal!.Clause!.Value.Citation);
        Assert.True(Company.Juniper().Add(amend with { Consent = Consent("A holders", "B holders", "D1 holders") }).TryTable().IsOk);
        Assert.Equal([Approvals.IssueSeniorSecurity, Approvals.AdverseAmendment],
            LedgerEditor.NewSeriesConsents(CharterLoader.Default, CharterLoader.Load(Juniper(2), "test").Value).ToArray());
    }

    [Fact]
    public void PartB_3_3_3_ASeriesOnAParityWithTheLeastSeniorSeries_NeedsTheConsent_OneJuniorToAllNeedsNone()
    {
        // nvca-2020-style ranks Series A 2 over the Seed's 1. A Series E at 1 is on a parity with the Seed's preference:
        // the covenant applies (not the adverse one: it is not senior to Series A). The rule is the model's too.
        var nvca = CharterLoader.Load(CharterLoader.EmbeddedText("nvca-2020-style"), "nvca").Value;
        var parity = CharterLoader.Load(WithSeriesE(CharterLoader.EmbeddedText("nvca-2020-style"), 1), "e").Value;
        Assert.Equal([Approvals.IssueSeniorSecurity], LedgerEditor.NewSeriesConsents(nvca, parity).ToArray());
        var senior = CharterLoader.Load(WithSeriesE(CharterLoader.EmbeddedText("nvca-2020-style"), 3), "e").Value;
        Assert.Equal([Approvals.IssueSeniorSecurity, Approvals.AdverseAmendment], LedgerEditor.NewSeriesConsents(nvca, senior).ToArray());
        // Junior to every series: with the Seed moved to 2 and Series A to 3, a Series E at 1 ranks below both.
        var raised = JsonNode.Parse(CharterLoader.EmbeddedText("nvca-2020-style"))!.AsObject();
        foreach (var s in raised["series"]!.AsArray()) s!["liquidation"]!["seniority"] = s["liquidation"]!["seniority"]!.GetValue<int>() + 1;
        var before = CharterLoader.Load(raised.ToJsonString(), "raised").Value;
        var junior = CharterLoader.Load(WithSeriesE(raised.ToJsonString(), 1), "e").Value;
        Assert.Empty(LedgerEditor.NewSeriesConsents(before, junior));
    }

    [Fact]
    public void AnAmendmentRecordedBeforeTheCheck_WithoutAConsentRecord_StillFolds()
    {
        // A v1 charter-amended with no consent record (a model commit recorded before its consent travelled in the
        // event, or its OCF export): the model measured the consent when it was committed; the record is kept.
        Assert.True(Company.Juniper().Add(new CharterAmended(Day, Juniper(1), "creates Series E Preferred", "Stockholders 2000-05-01")).TryTable().IsOk);
    }
}
