using System.Text.Json.Nodes;
using Charta.Core.Charter;

namespace Charta.Core.Tests.Charter;

/// <summary>The charter document format: schema validation and the cross-field rules, with errors naming field and rule.</summary>
public class CharterFormat
{
    private static JsonObject Juniper() => JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();

    [Fact]
    public void EmbeddedCharterLoads() => Assert.Equal("Juniper Networks, Inc.", CharterLoader.Default.Company);

    [Fact]
    public void NotJson_IsRefusedWithLine()
    {
        var r = CharterLoader.Load("{ \"id\": ", "bad.json");
        Assert.False(r.IsOk);
        Assert.Contains("not valid JSON", r.Refusal!.Reason);
    }

    [Fact]
    public void MissingRequiredField_NamesTheFieldAndTheRule()
    {
        var doc = Juniper();
        doc["series"]![1]!.AsObject().Remove("originalIssuePrice");
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/series/1", r.Refusal!.Field);
        Assert.Contains("'required'", r.Refusal.Reason);
        Assert.Contains("originalIssuePrice", r.Refusal.Reason);
    }

    [Fact]
    public void WrongType_NamesThePointerAndValue()
    {
        var doc = Juniper();
        doc["series"]![0]!["fixedShares"]!["value"] = "many";
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/series/0/fixedShares/value", r.Refusal!.Field);
        Assert.Equal("\"many\"", r.Refusal.Value);
        Assert.Contains("'type'", r.Refusal.Reason);
    }

    [Fact]
    public void UnknownEnumValue_IsRefused()
    {
        var doc = Juniper();
        doc["series"]![0]!["liquidation"]!["participation"]!["kind"] = "double-dip";
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/series/0/liquidation/participation/kind", r.Refusal!.Field);
    }

    [Fact]
    public void Fourth_TotalMustEqualCommonPlusPreferred()
    {
        var doc = Juniper();
        doc["authorized"]!["total"]!["value"] = 85_039_060; // one more than 71,000,000 + 14,039,059
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/authorized/total/value", r.Refusal!.Field);
        Assert.Equal("FOURTH", r.Refusal.Clause!.Value.Citation);
    }

    [Fact]
    public void Fourth_2_SeriesMustFitInsideThePreferred()
    {
        var doc = Juniper();
        doc["series"]![4]!["fixedShares"]!["value"] = 2_580_001; // the five fixed numbers then sum to 14,039,060 > 14,039,059
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Contains("14,039,059", r.Refusal!.Reason);
    }

    [Fact]
    public void General_ParticipatingTwoRanksAndTwoX_AreExpressible()
    {
        // A general charter: Series A 2x, senior rank 2, capped participation at 3x. (A cumulative dividend is refused
        // until accrual is implemented: Charter_EveryTermHonouredOrRefused.)
        var doc = Juniper();
        var a = doc["series"]![0]!;
        a["liquidation"]!["multiple"] = 2;
        a["liquidation"]!["seniority"] = 2;
        a["liquidation"]!["participation"] = new JsonObject { ["kind"] = "capped", ["capMultiple"] = 3 };
        var b = doc["series"]![1]!;
        b["liquidation"]!["participation"] = new JsonObject { ["kind"] = "full" };
        var r = CharterLoader.Load(doc.ToJsonString(), "general");
        Assert.True(r.IsOk, r.Refusal?.ToString());
        var s = r.Value.FindSeries("A")!;
        Assert.Equal((2m, 2, "capped", 3m), (s.Liquidation.Multiple, s.Liquidation.Seniority, s.Liquidation.Participation.Kind, s.Liquidation.Participation.CapMultiple!.Value));
        Assert.Equal("full", r.Value.FindSeries("B")!.Liquidation.Participation.Kind);
    }

    [Fact]
    public void CappedParticipation_NeedsACap()
    {
        var doc = Juniper();
        doc["series"]![0]!["liquidation"]!["participation"] = new JsonObject { ["kind"] = "capped" };
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Contains("capMultiple", r.Refusal!.Reason);
    }

    [Theory]
    [MemberData(nameof(EmbeddedCharters.Ids), MemberType = typeof(EmbeddedCharters))]
    public void RoundTrip_ToJsonAndBack(string id)
    {
        var charter = CharterLoader.LoadEmbedded(id);
        var again = CharterLoader.Load(CharterLoader.ToJson(charter), "again");
        Assert.True(again.IsOk, again.Refusal?.ToString());
        Assert.Equal(charter.Series.Select(s => (s.Id, s.OriginalIssuePrice.Value, s.InitialConversionPrice.Value)),
            again.Value.Series.Select(s => (s.Id, s.OriginalIssuePrice.Value, s.InitialConversionPrice.Value)));
        // And the serialized form says the same terms: loading it again and serializing gives the same text.
        Assert.Equal(CharterLoader.ToJson(charter), CharterLoader.ToJson(again.Value));
    }
}

public class CharterFormat_AntiDilutionMethod
{
    /// <summary>Every method the format names is implemented now (issue 12): the charter loads with each, for all series or one.</summary>
    [Theory]
    [InlineData("broad-based-weighted-average")]
    [InlineData("narrow-based-weighted-average")]
    [InlineData("full-ratchet")]
    [InlineData("none")]
    public void EveryMethod_Loads_ForTheCharterAndForOneSeries(string method)
    {
        var doc = System.Text.Json.Nodes.JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        doc["antiDilution"]!["method"] = method;
        Assert.True(CharterLoader.Load(doc.ToJsonString(), "c").IsOk, method);
        doc["series"]![1]!["antiDilution"] = new System.Text.Json.Nodes.JsonObject { ["method"] = method, ["clause"] = "FOURTH §6(d)" };
        Assert.True(CharterLoader.Load(doc.ToJsonString(), "c").IsOk, method);
    }
}
