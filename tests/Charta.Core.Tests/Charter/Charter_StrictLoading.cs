using System.Text.Json.Nodes;
using Charta.Core.Charter;

namespace Charta.Core.Tests.Charter;

/// <summary>
/// A charter file is refused when it loads (at `charter validate` and `init`), never first when a rule uses it:
/// duplicate keys, fractions above one, a seniority on common that the waterfall would ignore, numbers a decimal
/// cannot hold exactly, share counts past the limits.
/// </summary>
public class Charter_StrictLoading
{
    private static JsonObject Juniper() => JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();

    [Fact]
    public void ADuplicateKey_IsRefusedNamingItsPath()
    {
        var text = CharterLoader.EmbeddedText("juniper-1999");
        var i = text.IndexOf("\"company\"", StringComparison.Ordinal);
        var doubled = text[..i] + "\"company\": \"Mallory Corp\", " + text[i..];
        var r = CharterLoader.Load(doubled, "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/company", r.Refusal!.Field);
        Assert.Contains("given twice", r.Refusal.Reason);
    }

    [Theory]
    [InlineData("/protectiveProvisions/0/fraction")]
    [InlineData("/liquidation/deemedLiquidation/retainedVotingEquity/fraction")]
    [InlineData("/automaticConversion/preferredVote/fraction")]
    [InlineData("/protectiveProvisions/1/exemptIfRetainedEquityMoreThan")]
    public void AFractionAboveOne_IsRefusedWhenTheCharterLoads(string pointer)
    {
        var doc = Juniper();
        var parts = pointer.Trim('/').Split('/');
        JsonNode node = doc;
        foreach (var p in parts[..^1]) node = int.TryParse(p, out var k) ? node[k]! : node[p]!;
        node[parts[^1]] = "5/3";
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c" + pointer, r.Refusal!.Field);
        Assert.Equal("5/3", r.Refusal.Value);
        Assert.Contains("0 <= n <= d", r.Refusal.Reason);
    }

    [Fact]
    public void ASeniorityPuttingCommonBesideTheSeries_IsRefused_ZeroIsHonoured()
    {
        var doc = Juniper();
        doc["common"]!["seniority"]!["value"] = 1;   // the series have seniority 1: common would rank pari passu
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/common/seniority/value", r.Refusal!.Field);
        Assert.Contains("beside or above a series", r.Refusal.Reason);

        doc["common"]!["seniority"]!["value"] = 0;
        Assert.True(CharterLoader.Load(doc.ToJsonString(), "c").IsOk);
    }

    [Theory]
    [InlineData("1.0123456789012345678901234567890123456", "decimal places")]   // 37 places: would round to 28
    [InlineData("0.00000000000000000000000000001", "29 decimal places")]         // would be stored as 0
    [InlineData("12345678901234567890123456789012345678", "significant digits")]  // 38 digits
    public void APriceADecimalCannotHoldExactly_IsRefusedNotRounded(string raw, string why)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(Juniper().ToJsonString(), "(\"originalIssuePrice\":\\{\"value\":)[0-9.]+", m => m.Groups[1].Value + raw, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.Contains(raw, text);
        var r = CharterLoader.Load(text, "c");
        Assert.False(r.IsOk);
        Assert.True(r.Refusal!.Field == "c/series/0/originalIssuePrice/value", r.Refusal.ToString());
        Assert.Contains(why, r.Refusal.Reason);
    }

    [Fact]
    public void AnAuthorizedCountPastTheShareLimit_IsRefused()
    {
        var doc = Juniper();
        doc["authorized"]!["common"]!["value"] = 9_223_372_036_854_775_807;
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.StartsWith("c/authorized/common/value", r.Refusal!.Field);
    }

    [Fact]
    public void AValueThatDoesNotFitItsField_NamesNoDotNetType()
    {
        var doc = Juniper();
        doc["common"]!["seniority"]!["value"] = 99_999_999_999;   // an int field
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        var line = r.Refusal!.ToString();
        Assert.DoesNotContain("`1", line);
        Assert.DoesNotContain("System.", line);
        Assert.DoesNotContain("Charta.Core", line);
    }

    [Fact]
    public void ANumberBeyondDecimal_IsRefused_NotThrownByTheSchemaEvaluator()
    {
        // Found by Fuzz_CharterFiles: the schema's "const" read 1e30 as a decimal and threw FormatException (exit 1).
        var doc = Juniper();
        doc["formatVersion"] = JsonNode.Parse("1e30");
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/formatVersion", r.Refusal!.Field);
    }

    [Fact]
    public void ACompanyNameWithAnAnsiEscape_IsRefused()
    {
        var doc = Juniper();
        doc["company"] = "\u001b[2JEvil Corp";
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Contains("U+001B", r.Refusal!.Reason);
    }
}
