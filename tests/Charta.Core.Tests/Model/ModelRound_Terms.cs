using CsCheck;
using Charta.Core.Ledger;
using Charta.Core.Model;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Model;

/// <summary>Interest, day counts, MFN, pre-money SAFEs, the post-timing pool, IRR and the fixed point's invariants.</summary>
public sealed class ModelRound_Terms
{
    private static readonly DateOnly Closing = new(2001, 1, 1);
    private static readonly ModelOutputs NoExits = new([], null);

    private static RoundResult Solve(RoundScenario s)
    {
        var r = RoundModel.Solve(Company.Juniper().Recorded().ToList(), s, NoExits);
        Assert.True(r.IsOk, r.Refusal?.ToString());
        return r.Value;
    }

    /// <summary>
    /// docs/interpretations.md, "Expired instruments": W-1 (1,000,000 common at $1.00, granted 2000-06-01, expiring
    /// 2000-12-01) is not outstanding at a closing after its expiry, as the commit records its expiry with the round.
    /// </summary>
    [Fact]
    public void Expired_instruments_a_warrant_lapsed_before_the_closing_is_not_in_the_base()
    {
        var ledger = Company.Juniper().Add(new InstrumentGranted(new DateOnly(2000, 6, 1), "W-1", "Optionee", "warrant", "common", 1_000_000, 1.00m, new DateOnly(2000, 12, 1))).Recorded().ToList();
        RoundResult At(DateOnly closing)
        {
            var r = RoundModel.Solve(ledger, new RoundScenario
            {
                Series = "E", Closing = closing, Price = 5.00m, Investors = [new Investment("Fund E", 5_000_000m)], AntiDilutionReading = AntiDilutionReading.PreferredStock,
            }, NoExits);
            Assert.True(r.IsOk, r.Refusal?.ToString());
            return r.Value;
        }

        // After the expiry: the §6(d)(iii)(C) readjustment restores D to 11.03 and the base is the company's 10,000,000.
        var after = At(new DateOnly(2001, 1, 1));
        Assert.Equal(10_000_000, after.FullyDilutedBefore);
        Assert.Equal(11.03m, after.ConversionPrices.Single(c => c.Id == "D").Before);
        // On the expiry date it is still outstanding: 2,707,000 + 1,000,000 + 2,500,000 + 2,568,000 ÷ 1.06 → 2,422,641
        //   + 3,545,210 ÷ 3.70 → 958,164 + 5,515,000 ÷ 10.12 → 544,960 + 11,030,000 ÷ 10.12 → 1,089,920 = 11,222,685.
        var onTheDay = At(new DateOnly(2000, 12, 1));
        Assert.Equal(11_222_685, onTheDay.FullyDilutedBefore);
        Assert.Equal(10.12m, onTheDay.ConversionPrices.Single(c => c.Id == "D").Before);
    }

    [Fact]
    public void Interest_by_day_count_and_compounding()
    {
        // 30/360 from 2000-01-31 to 2000-07-31: both 31sts are the 30th → 6 months × 30 = 180 days = 0.5 year.
        Assert.Equal(0.5m, NoteInterest.YearFraction(new DateOnly(2000, 1, 31), new DateOnly(2000, 7, 31), NoteInterest.Thirty360));
        // actual/365 over 2000 (a leap year): 366 / 365.
        Assert.Equal(366m / 365m, NoteInterest.YearFraction(new DateOnly(2000, 1, 1), new DateOnly(2001, 1, 1), NoteInterest.Actual365));
        // Compound at 10% for 2 years and 6 months (30/360): 1,000 × 1.1² × (1 + 0.1 × 0.5) = 1,270.50 → interest 270.50.
        Assert.Equal(270.50m, NoteInterest.Accrued(1000m, 10m, new DateOnly(2000, 1, 1), new DateOnly(2002, 7, 1), NoteInterest.Compound, NoteInterest.Thirty360));
        // Simple for the same period: 1,000 × 10% × 2.5 = 250.00.
        Assert.Equal(250.00m, NoteInterest.Accrued(1000m, 10m, new DateOnly(2000, 1, 1), new DateOnly(2002, 7, 1), NoteInterest.Simple, NoteInterest.Thirty360));
    }

    [Fact]
    public void Mfn_safe_takes_the_best_cap_and_a_pre_money_safe_excludes_the_others()
    {
        // Price $5.00 on 10,000,000 fully diluted. SAFE 1 (pre-money): $1,000,000, cap $20,000,000 ÷ 10,000,000
        // (fully-diluted+pool, no pool) = 2.00 → 500,000. SAFE 2 (pre-money, MFN, no cap of its own): takes the
        // $20,000,000 cap → also 2.00 → $500,000 ÷ 2.00 = 250,000.
        var r = Solve(new RoundScenario
        {
            Series = "E", Closing = Closing, Price = 5.00m, Investors = [new Investment("Fund E", 5_000_000m)],
            AntiDilutionReading = AntiDilutionReading.PreferredStock,
            Safes =
            [
                new SafeTerms { Holder = "Seed", Amount = 1_000_000m, Kind = "pre-money", Cap = 20_000_000m },
                new SafeTerms { Holder = "Friend", Amount = 500_000m, Kind = "pre-money", Mfn = true },
            ],
        });
        Assert.Equal((2.00m, 500_000L, "cap"), (r.Convertibles[0].Price, r.Convertibles[0].Shares, r.Convertibles[0].Branch));
        Assert.Equal((2.00m, 250_000L, "cap", true), (r.Convertibles[1].Price, r.Convertibles[1].Shares, r.Convertibles[1].Branch, r.Convertibles[1].Mfn));
    }

    [Fact]
    public void Post_timing_pool_dilutes_the_new_money_too_and_an_ample_pool_clamps_at_zero()
    {
        // Post timing: the price ignores the top-up: 50M / 10M = 5.00; E = 10M / 5 = 2,000,000; the pool is 10% of
        // the post-money: T = ⌈(10% × 12,000,000 − 0) / 90%⌉ = ⌈1,333,333.3⌉ = 1,333,334.
        var r = Solve(new RoundScenario
        {
            Series = "E", Closing = Closing, PreMoney = 50_000_000m, Investors = [new Investment("Fund E", 10_000_000m)],
            Pool = new PoolTerms { TargetPercent = 10m, Timing = "post" }, AntiDilutionReading = AntiDilutionReading.PreferredStock,
        });
        Assert.Equal((5.00m, 2_000_000L, 1_333_334L), (r.PricePerShare, r.NewSeries.InvestorShares, r.Pool.TopUp));
        // 3,000,000 already unissued is more than 10% of 15,000,000 + E: no top-up, clamped.
        var ample = Solve(new RoundScenario
        {
            Series = "E", Closing = Closing, PreMoney = 50_000_000m, Investors = [new Investment("Fund E", 10_000_000m)],
            Pool = new PoolTerms { TargetPercent = 10m, Available = 3_000_000 }, AntiDilutionReading = AntiDilutionReading.PreferredStock,
        });
        Assert.Equal((0L, true), (ample.Pool.TopUp, ample.Pool.Clamped));
    }

    [Fact]
    public void Irr_of_a_doubling_over_one_year_is_100_percent()
    {
        Assert.Equal(1m, decimal.Round(Returns.Irr(100m, 200m, new DateOnly(2001, 1, 1), new DateOnly(2002, 1, 1))!.Value, 12));
        // 4x over two years (730 days): 4^(1/2) − 1 = 1.
        Assert.Equal(1m, decimal.Round(Returns.Irr(100m, 400m, new DateOnly(2001, 1, 1), new DateOnly(2003, 1, 1))!.Value, 12));
        Assert.Equal(2.302585092994m, decimal.Round(Returns.Ln(10m), 12));
    }

    [Fact]
    public void Property_the_fixed_point_reproduces_itself_and_meets_the_pool_target()
    {
        var ledger = Company.Juniper().Recorded().ToList();
        var prepared = RoundModel.Prepare(ledger).Value;
        Gen.Select(Gen.Int[20, 200], Gen.Int[1, 50], Gen.Int[0, 25], Gen.Int[0, 2]).Sample((preM, raiseM, pool, def) =>
        {
            var s = new RoundScenario
            {
                Series = "E", Closing = Closing, PreMoney = preM * 1_000_000m, Investors = [new Investment("Fund E", raiseM * 1_000_000m)],
                PreMoneyShares = ShareCount.All[def], Pool = new PoolTerms { TargetPercent = pool },
                Notes = [new NoteTerms { Holder = "Angel", Principal = 1_000_000m, Issued = new DateOnly(2000, 6, 1), Cap = 30_000_000m, DiscountPercent = 20m }],
                AntiDilutionReading = AntiDilutionReading.ConvertibleSecurity,
            };
            var r = RoundModel.Solve(prepared, s, NoExits);
            if (!r.IsOk) return false;
            var v = r.Value;
            var poolOk = 100m * v.Pool.After >= pool * v.FullyDilutedAfter && (v.Pool.TopUp == 0 || 100m * (v.Pool.After - 1) < pool * v.FullyDilutedAfter);
            var ownership = v.Ownership.Sum(o => o.Shares) == v.FullyDilutedAfter;
            return v.Solver.Checks[0].Contains("reproduces") && poolOk && ownership && v.After.Outstanding("E") == v.NewSeries.Shares;
        }, iter: 40);
    }
}
