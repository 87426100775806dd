using System.Text.Json.Nodes;
using Charta.Core.Charter;

namespace Charta.Core.Tests.Charter;

/// <summary>
/// Issue 12, item 1: a term the format can state but the engine does not implement is refused when the charter loads,
/// naming the field, never ignored. Each case flips one term of the embedded charter away from the value the engine
/// implements and expects the refusal to point at that term and cite the charter's own clause for it.
/// </summary>
public sealed class Charter_EveryTermHonouredOrRefused
{
    public static TheoryData<string, string, string> Unimplemented() => new()
    {
        // pointer to set, JSON value, the field the refusal names
        { "/series/0/dividend/kind", "\"cumulative\"", "/series/0/dividend/kind" },
        { "/dividends/preferredBeforeCommon", "false", "/dividends/preferredBeforeCommon" },
        { "/dividends/exceptCommonPaidInCommon", "false", "/dividends/exceptCommonPaidInCommon" },
        { "/conversion/convertedSharesReissuable/value", "true", "/conversion/convertedSharesReissuable/value" },
        { "/conversion/fractionalShares/aggregatePerHolder", "false", "/conversion/fractionalShares/aggregatePerHolder" },
        { "/redemption/redeemable", "true", "/redemption/redeemable" },
        { "/protectiveProvisions/0/votingTogether", "false", "/protectiveProvisions/0/votingTogether" },
        { "/antiDilution/method", "\"full-ratchet\"", "/antiDilution/method" },
        { "/antiDilution/method", "\"narrow-based-weighted-average\"", "/antiDilution/method" },
    };

    [Theory]
    [MemberData(nameof(Unimplemented))]
    public void ATermTheEngineDoesNotImplement_IsRefusedAtLoad_NamingIt(string pointer, string json, string field)
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        var (parent, key) = Locate(doc, pointer);
        Assert.NotNull(parent[key]); // the embedded charter states the term: the test flips a real value
        parent[key] = JsonNode.Parse(json);
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk, $"{pointer} = {json} was accepted");
        Assert.Equal("c" + field, r.Refusal!.Field);
        Assert.Contains("not implemented", r.Refusal.Reason);
        Assert.NotNull(r.Refusal.Clause); // cited from the charter in use, not a built-in clause
    }

    [Fact]
    public void TheEmbeddedCharters_StateOnlyImplementedTerms()
    {
        foreach (var id in CharterLoader.EmbeddedIds)
            Assert.True(CharterLoader.Load(CharterLoader.EmbeddedText(id), id).IsOk, id);
    }

    private static (JsonNode Parent, string Key) Locate(JsonNode root, string pointer)
    {
        var parts = pointer.Trim('/').Split('/');
        var node = root;
        foreach (var p in parts[..^1])
            node = int.TryParse(p, out var i) ? node[i]! : node[p] ?? throw new InvalidOperationException($"no {p} in {pointer}");
        return (node, parts[^1]);
    }
}
