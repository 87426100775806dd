using Charta.Core.Ledger;

namespace Charta.Core.Tests.AntiDilution;

/// <summary>
/// FOURTH §6(d)(iii)(C) and (D) with many issues between the grant and its expiry: the charter sets no limit on the
/// "subsequent adjustments based thereon", so the readjustment is exact however many there are.
/// </summary>
public class Fourth_6d_iii_C_ManyLaterIssues
{
    private static readonly DateOnly June = new(2000, 6, 1);
    private static readonly DateOnly Expires = new(2005, 6, 1);

    /// <summary>Issues of 50,000 common, four a day, from 2000-07-01 at prices cycling $0.50 … $11.00 (many below C, D and D1's prices).</summary>
    private static Company WithLaterIssues(Company c, int count)
    {
        var day = new DateOnly(2000, 7, 1);
        for (var i = 0; i < count; i++)
            c.Add(new SharesIssued(day.AddDays(i / 4), "Newco", "common", 50_000, (50 + (i * 37) % 1051) / 100m));
        return c;
    }

    [Theory]
    [InlineData(300)]
    [InlineData(600)]
    public void Fourth_6d_iii_C_ExpiryAfterHundredsOfLaterIssues_LandsOnTheLedgerThatNeverHadTheGrant(int later)
    {
        // A warrant over 1,000,000 common at $1.00 never exercised: recomputed with C′ = 0 and consideration 0, the
        // original adjustment is (CP × A + 0) / (A + 0) = CP, the price before the grant. Replaying every later issue on it,
        // with each later A less the 1,000,000 shares that were never issued, is the fold of the same ledger without the
        // grant — computed here by that ordinary fold, independently of the replay. (D)(ii) is that same price, (D)(i)
        // the price before the grant (higher), so nothing is capped. The old fallback beyond 256 issues kept the
        // 1,000,000 shares in every later A and landed above this price.
        var with = WithLaterIssues(Company.Juniper().Add(new InstrumentGranted(June, "W-1", "Optionee", "warrant", "common", 1_000_000, 1.00m, Expires)), later)
            .Add(new InstrumentExpired(Expires, "W-1")).Table();
        var without = WithLaterIssues(Company.Juniper(), later).Table();
        foreach (var s in new[] { "A", "B", "C", "D", "D1" })
            Assert.Equal(without.ConversionPrice(s), with.ConversionPrice(s));
        // The later issues did move the prices (so the test is not comparing two untouched prices): D started at 11.03.
        Assert.True(without.ConversionPrice("D") < 11.03m, string.Join("; ", without.ConversionPriceHistory.Take(5).Select(h => $"{h.Series} {h.From}->{h.To}")) + $" D={without.ConversionPrice("D")}");
        var expiry = with.ConversionPriceHistory.Where(h => h.Inputs?.Rule == "expiry" && h.Series == "D").ToList();
        Assert.Single(expiry);
        Assert.Equal(expiry[0].Inputs!.CapLaterIssues, expiry[0].To);   // (D)(ii) = the result, to the cent
    }

    [Fact]
    public void Fourth_6d_iii_D_PartlyExercisedAfterManyIssues_NeverAboveTheCapOfTheLaterIssues()
    {
        // 400,000 of the 1,000,000 exercised at $1.00 then the rest expires, 400 issues after the grant: the recomputed
        // price counts 400,000 shares issued for $400,000, so it is at or below the (D)(ii) price of the later issues alone
        // and at or below (D)(i) 11.03 (D's price before the grant).
        var c = Company.Juniper().Add(new InstrumentGranted(June, "W-1", "Optionee", "warrant", "common", 1_000_000, 1.00m, Expires));
        WithLaterIssues(c, 400).Add(new InstrumentExercised(new DateOnly(2004, 1, 1), "W-1", 400_000)).Add(new InstrumentExpired(Expires, "W-1"));
        var t = c.Table();
        var without = WithLaterIssues(Company.Juniper(), 400).Table();
        Assert.True(t.ConversionPrice("D") <= without.ConversionPrice("D"));
        Assert.True(t.ConversionPrice("D") <= 11.03m);
        var expiry = t.ConversionPriceHistory.Single(h => h.Inputs?.Rule == "expiry" && h.Series == "D");
        Assert.Equal(without.ConversionPrice("D"), expiry.Inputs!.CapLaterIssues);
    }
}

/// <summary>
/// The reading of FOURTH §6(d)(iii)(C) "upon the expiration of any such Options": a cancellation of unexercised
/// deemed-issued options readjusts like an expiry (default), or only an expiry does (charter antiDilution.cancellation).
/// </summary>
public class Fourth_6d_iii_C_CancellationReading
{
    private static readonly DateOnly June = new(2000, 6, 1);
    private static readonly DateOnly Cancelled = new(2001, 6, 1);

    private static Company Granted(Company c) =>
        c.Add(new InstrumentGranted(June, "W-1", "Optionee", "warrant", "common", 1_000_000, 1.00m, new DateOnly(2005, 6, 1)));

    [Fact]
    public void Fourth_6d_iii_C_CancellingAllUnexercised_ReadjustsLikeExpiry_ByDefault()
    {
        // Grant: D (110,300,000 + 1,000,000) / 11,000,000 = 10.118… → 10.12. Cancelled whole: recomputed with C′ = 0 and
        // consideration 0: (11.03 × 10,000,000 + 0) / 10,000,000 = 11.03, as an expiry would give.
        var t = Granted(Company.Juniper()).Add(new InstrumentCancelled(Cancelled, "W-1", 1_000_000)).Table();
        Assert.Equal(11.03m, t.ConversionPrice("D"));
        Assert.Equal(1.07m, t.ConversionPrice("B"));
        Assert.Equal("FOURTH §6(d)(iii)(C)", t.ConversionPriceHistory.Last(h => h.Series == "D").Clause);
    }

    [Fact]
    public void Fourth_6d_iii_C_CancellingHalf_RecomputesWithTheSharesStillOutstanding()
    {
        // 500,000 cancelled, 500,000 remain at $1.00: D (110,300,000 + 500,000) / 10,500,000 = 10.552… → 10.55.
        var t = Granted(Company.Juniper()).Add(new InstrumentCancelled(Cancelled, "W-1", 500_000)).Table();
        Assert.Equal(10.55m, t.ConversionPrice("D"));
    }

    [Fact]
    public void Fourth_6d_iii_C_ExpiryOnly_ACancellationLeavesThePrice()
    {
        // "cancellation": "expiry-only" in the charter: the literal reading; D stays at the grant's 10.12.
        var json = Charta.Core.Charter.CharterLoader.EmbeddedText(Charta.Core.Charter.CharterLoader.DefaultCharterId)
            .Replace("\"method\": \"broad-based-weighted-average\",", "\"method\": \"broad-based-weighted-average\", \"cancellation\": \"expiry-only\",", StringComparison.Ordinal);
        Assert.Contains("expiry-only", json);
        var d0 = new DateOnly(2000, 1, 1);
        var c = Company.Empty();
        c.Add(new CompanyCreated(d0, "literal", json, d0));
        foreach (var h in new[] { "Founders", "A holders", "B holders", "C holders", "D holders", "D1 holders", "Newco", "Optionee" })
            c.Add(new StakeholderAdded(d0, h));
        foreach (var e in Company.Juniper().Recorded().Select(r => r.Event).Where(e => e is SharesIssued)) c.Add(e);
        var t = Granted(c).Add(new InstrumentCancelled(Cancelled, "W-1", 1_000_000)).Table();
        Assert.Equal(10.12m, t.ConversionPrice("D"));
    }
}
