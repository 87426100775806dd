using System.Text.Json.Nodes;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Model;

/// <summary>
/// The charter field <c>antiDilution.convertibleSecuritySeries</c>: a series named there is a "Convertible Security"
/// (§6(d)(i)(C)), so issuing it is a deemed issue of the common it converts into; a name that is not a series is refused.
/// </summary>
public sealed class Fourth_6d_i_C_NewSeriesAsConvertibleSecurity
{
    [Fact]
    public void A_name_that_is_not_a_series_is_refused_at_load()
    {
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        doc["antiDilution"]!["convertibleSecuritySeries"] = new JsonArray("Z");
        var r = CharterLoader.Load(doc.ToJsonString(), "c");
        Assert.False(r.IsOk);
        Assert.Equal("c/antiDilution/convertibleSecuritySeries/0", r.Refusal!.Field);
    }

    [Fact]
    public void Issuing_a_listed_series_below_the_price_adjusts_like_common()
    {
        // Mark D as a Convertible Security and issue 100,000 more D at $5.00 (D's fixed number allows 2,000,000 more in
        // this small company): a deemed issue of 100,000 × 11.03 / 11.03 = 100,000 common for $500,000 with A = 10,000,000:
        //   D1: (11.03 × 10,000,000 + 500,000) / 10,100,000 = 110,800,000 / 10,100,000 = 10.970297… → 10.97.
        var doc = JsonNode.Parse(CharterLoader.EmbeddedText("juniper-1999"))!.AsObject();
        doc["antiDilution"]!["convertibleSecuritySeries"] = new JsonArray("D");
        var c = Company.Juniper();
        var events = c.Recorded().Select(r => r.Event is CompanyCreated cc ? r with { Event = cc with { CharterJson = doc.ToJsonString() } } : r).ToList();
        events.Add(new RecordedEvent(events.Count + 1, DateTimeOffset.UnixEpoch, new SharesIssued(new DateOnly(2000, 6, 1), "D holders", "D", 100_000, 5.00m)));
        var t = Fold.Replay(events);
        Assert.Equal(10.97m, t.ConversionPrice("D1"));
        // Without the field, the same issue adjusts nothing (preferred is not a Convertible Security).
        var plain = c.Recorded().ToList();
        plain.Add(new RecordedEvent(plain.Count + 1, DateTimeOffset.UnixEpoch, new SharesIssued(new DateOnly(2000, 6, 1), "D holders", "D", 100_000, 5.00m)));
        Assert.Equal(11.03m, Fold.Replay(plain).ConversionPrice("D1"));
    }
}
