using Charta.Core.Ledger;
using Charta.Core.Model;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Model;

/// <summary>
/// Worked examples of a modelled round on the small Juniper company of <see cref="Company"/>: immediately after the D1
/// closing (the Original Issue Date, 2000-03-01) the fully diluted count is exactly 10,000,000 (no pool, no options).
/// Every figure below is worked by hand in the comments; the model computes it by folding the round's events.
/// </summary>
public sealed class ModelRound_Worked
{
    private static readonly DateOnly Closing = new(2001, 1, 1);
    private static readonly ModelOutputs NoExits = new([], null);

    private static RoundResult Solve(RoundScenario s, Company? c = null)
    {
        var r = RoundModel.Solve((c ?? Company.Juniper()).Recorded().ToList(), s, NoExits);
        Assert.True(r.IsOk, r.Refusal?.ToString());
        return r.Value;
    }

    [Fact]
    public void Priced_round_with_a_pre_money_pool_top_up()
    {
        // Pre-money $50,000,000, $10,000,000 raised, the unissued pool 10% of the post-money fully diluted, in the pre-money.
        // Exactly: post-money = 60M, pool = 10% × 60M / p = 6M / p, and the pre-money count 10M + T = 50M / p,
        // so 50M/p − 6M/p = 10M, p = 4.40 and T = 1,363,636.36. In whole shares and four-decimal prices (rounded down):
        //   T = ⌈1,363,636.36⌉ = 1,363,637 → p = ⌊50,000,000 / 11,363,637⌋₄ = 4.3999
        //   E = ⌊10,000,000 / 4.3999⌋ = 2,272,778
        //   T = ⌈(10% × (10,000,000 + 2,272,778) − 0) / 90%⌉ = ⌈1,227,277.8 / 0.9⌉ = 1,363,642
        //   p = ⌊50,000,000 / 11,363,642⌋₄ = ⌊4.39999…⌋₄ = 4.3999 (unchanged: the fixed point)
        var r = Solve(new RoundScenario
        {
            Series = "E", Closing = Closing, PreMoney = 50_000_000m, Investors = [new Investment("Fund E", 10_000_000m)],
            Pool = new PoolTerms { TargetPercent = 10m, Timing = "pre" }, AntiDilutionReading = AntiDilutionReading.PreferredStock,
        });
        Assert.Equal(4.3999m, r.PricePerShare);
        Assert.Equal(1_363_642, r.Pool.TopUp);
        Assert.Equal(2_272_778, r.NewSeries.InvestorShares);
        Assert.Equal(11_363_642, r.PreMoneyShares);
        Assert.Equal(10_000_000 + 1_363_642 + 2_272_778, r.FullyDilutedAfter);
        // 1,363,642 / 13,636,420 = exactly 10%.
        Assert.Equal(10m, r.Pool.PercentAfter);
        // The investor pays 2,272,778 × 4.3999 = 9,999,995.9222 → $9,999,995.92 (whole shares, rounded down; cents).
        Assert.Equal(9_999_995.92m, r.NewSeries.CashRaised);
        Assert.Equal(2_272_778, r.After.SharesHeld("Fund E", "E"));
        // The amendment: Series E of 2,272,778 shares, OIP = conversion price = 4.3999.
        Assert.Equal(4.3999m, r.AmendedCharter.FindSeries("E")!.OriginalIssuePrice.Value);
        Assert.Equal(2_272_778, r.AmendedCharter.FindSeries("E")!.FixedShares.Value);
        Assert.All(r.ConversionPrices, cp => Assert.Equal(cp.Before, cp.After));
        Assert.True(r.Solver.Iterations >= 2);
    }

    [Fact]
    public void A_note_at_its_cap_and_another_at_its_discount_in_the_same_round()
    {
        // Pre-money $50,000,000 on the fully diluted count (10,000,000, no pool, no convertibles in it): p = 5.00.
        // Note 1: $1,000,000, no interest, cap $20,000,000, 20% discount: cap price 20M / 10M = 2.00, discount price
        //   5.00 × 80% = 4.00 → cap; 1,000,000 ÷ 2.00 = 500,000 shares.
        // Note 2: $1,000,000 at 10% simple, actual/365, from 2000-01-01 to 2001-01-01 = 366 days: interest
        //   1,000,000 × 10% × 366/365 = 100,273.9726… → 100,273.97; cap $60,000,000 → cap price 6.00 (above the round
        //   price), discount 20% → 4.00 → discount; 1,100,273.97 ÷ 4.00 = 275,068.49 → 275,068 shares.
        var r = Solve(new RoundScenario
        {
            Series = "E", Closing = Closing, PreMoney = 50_000_000m, PreMoneyShares = ShareCount.FullyDiluted,
            Investors = [new Investment("Fund E", 5_000_000m)], AntiDilutionReading = AntiDilutionReading.PreferredStock,
            Notes =
            [
                new NoteTerms { Holder = "Angel", Principal = 1_000_000m, Issued = new DateOnly(2000, 6, 1), Cap = 20_000_000m, DiscountPercent = 20m },
                new NoteTerms { Holder = "Lender", Principal = 1_000_000m, Issued = new DateOnly(2000, 1, 1), RatePercent = 10m, Cap = 60_000_000m, DiscountPercent = 20m },
            ],
        });
        Assert.Equal(5.00m, r.PricePerShare);
        var angel = r.Convertibles.Single(x => x.Holder == "Angel");
        Assert.Equal(("cap", 2.00m, 500_000L), (angel.Branch, angel.Price, angel.Shares));
        var lender = r.Convertibles.Single(x => x.Holder == "Lender");
        Assert.Equal(100_273.97m, lender.Interest);
        Assert.Equal(("discount", 4.00m, 275_068L), (lender.Branch, lender.Price, lender.Shares));
        Assert.Equal(6.00m, lender.CapPrice);
        Assert.Equal(1_000_000 + 500_000 + 275_068, r.NewSeries.Shares);
        Assert.Equal(275_068, r.After.SharesHeld("Lender", "E"));
    }

    [Fact]
    public void Post_money_safe_owns_its_amount_over_the_post_money_cap()
    {
        // YC post-money SAFE: $2,000,000 at a $20,000,000 post-money cap owns 10% of the capitalization including
        // itself: S = 10% × (10,000,000 + S) → S = 1,111,111.1. Iterating with the price to four decimals, rounded down:
        //   S=0 → 20M/10M = 2.0000 → S = 1,000,000 → 20M/11,000,000 = 1.8181 → S = 1,100,049 → 1.8017 → 1,110,062
        //   → 1.8001 → 1,111,049 → 1.8000 → 1,111,111 → 20M/11,111,111 = 1.80000000… → 1.8000 (repeats).
        // The round is priced at $5.00 (stated): the SAFE's cap price 1.80 is below it, so the cap branch.
        var r = Solve(new RoundScenario
        {
            Series = "E", Closing = Closing, Price = 5.00m, Investors = [new Investment("Fund E", 5_000_000m)],
            AntiDilutionReading = AntiDilutionReading.PreferredStock,
            Safes = [new SafeTerms { Holder = "Seed Fund", Amount = 2_000_000m, Kind = "post-money", Cap = 20_000_000m }],
        });
        var safe = Assert.Single(r.Convertibles);
        Assert.Equal(("cap", 1.8000m, 1_111_111L), (safe.Branch, safe.Price, safe.Shares));
        Assert.Equal(11_111_111, safe.CapShares);
        // Its ownership of the capitalization it converted on: 1,111,111 / 11,111,111 = 9.99999991% ≈ 2M / 20M.
        Assert.Equal(0.1m, decimal.Round(1_111_111m / safe.CapShares!.Value, 6));
        Assert.True(r.Solver.Iterations >= 6);
    }

    [Fact]
    public void A_tender_moves_shares_pro_rata_and_issues_none()
    {
        // Newco holds 300,000 common issued before the Original Issue Date. The buyer spends $1,000,000 at 1.0× the
        // $5.00 round price = 200,000 common, pro rata to Founders 2,707,000 and Newco 300,000 (3,007,000):
        //   Founders 200,000 × 2,707,000 / 3,007,000 = 180,046.56 → 180,046; Newco 19,953.44 → 19,953; one share left
        //   goes to the larger remainder (.56, Founders) → 180,047 and 19,953.
        var c = Company.Juniper().Add(new SharesIssued(new DateOnly(2000, 1, 2), "Newco", "common", 300_000, 0.01m));
        var r = Solve(new RoundScenario
        {
            Series = "E", Closing = Closing, Price = 5.00m, Investors = [new Investment("Fund E", 5_000_000m)],
            AntiDilutionReading = AntiDilutionReading.PreferredStock,
            Tender = new TenderTerms
            {
                Buyer = "Secondary Fund", Amount = 1_000_000m, PriceMultiple = 1m, Security = "common",
                Sellers = [new TenderSeller("Founders"), new TenderSeller("Newco")],
            },
        }, c);
        Assert.NotNull(r.Tender);
        Assert.Equal(200_000, r.Tender!.Shares);
        Assert.Equal(5.00m, r.Tender.Price);
        Assert.Equal([("Founders", 180_047L), ("Newco", 19_953L)], r.Tender.Sellers.Select(x => (x.Holder, x.Shares)));
        Assert.Equal(2_707_000 - 180_047, r.After.SharesHeld("Founders", "common"));
        Assert.Equal(200_000, r.After.SharesHeld("Secondary Fund", "common"));
        Assert.Equal(r.Before.Outstanding("common"), r.After.Outstanding("common"));
    }

    [Fact]
    public void Down_round_adjusts_D_and_D1_under_the_convertible_security_reading()
    {
        // 1,000,000 Series E at $5.00 ($5,000,000), a deemed issue of 1,000,000 common (§6(d)(iii)) with A = 10,000,000:
        //   D, D1: 11.03 × (10,000,000 + 5,000,000 / 11.03) / (10,000,000 + 1,000,000)
        //        = (110,300,000 + 5,000,000) / 11,000,000 = 10.481818… → 10.48
        //   A 0.44, B 1.07, C 3.97 are below $5.00: not adjusted (§6(d)(ii)).
        var s = new RoundScenario
        {
            Series = "E", Closing = Closing, Price = 5.00m, Investors = [new Investment("Fund E", 5_000_000m)],
            AntiDilutionReading = AntiDilutionReading.ConvertibleSecurity,
        };
        var r = Solve(s);
        var after = r.ConversionPrices.ToDictionary(x => x.Id, x => x.After);
        Assert.Equal(10.48m, after["D"]);
        Assert.Equal(10.48m, after["D1"]);
        Assert.Equal((0.44m, 1.07m, 3.97m), (after["A"], after["B"], after["C"]));
        var d = Assert.Single(r.ConversionPrices.Single(x => x.Id == "D").Adjustments);
        Assert.Equal((10_000_000m, 1_000_000m), (d.A!.Value, d.C!.Value));
        Assert.Equal(5_000_000m / 11.03m, d.B);

        // The literal reading (the new series is "Preferred Stock", not a Convertible Security) adjusts nothing; with no
        // reading chosen the readings differ, so the model refuses and shows both.
        var literal = Solve(s with { AntiDilutionReading = AntiDilutionReading.PreferredStock });
        Assert.All(literal.ConversionPrices, cp => Assert.Equal(cp.Before, cp.After));
        var refused = RoundModel.Solve(Company.Juniper().Recorded().ToList(), s with { AntiDilutionReading = null }, NoExits);
        Assert.False(refused.IsOk);
        Assert.Contains("D 11.03, D1 11.03", refused.Refusal!.Reason);
        Assert.Contains("D 10.48, D1 10.48", refused.Refusal.Reason);
    }
}
