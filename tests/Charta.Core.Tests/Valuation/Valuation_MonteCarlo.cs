using Charta.Core.Valuation;

namespace Charta.Core.Tests.Valuation;

/// <summary>The Monte Carlo cross-check agrees with the closed-form OPM on the breakpoints.</summary>
public class Valuation_MonteCarlo
{
    /// <summary>Fixed seed, 200,000 paths: every class within 3 standard errors of the OPM, and the discounted equity of S₀.</summary>
    [Fact]
    public void Juniper_EveryClassWithinThreeStandardErrors()
    {
        var table = ValuationFixtures.Table(ValuationFixtures.Juniper());
        var a = new OpmAssumptions(300_000_000m, 0.6m, 2m, 0.04m);
        var r = MonteCarlo.Run(table, a, 200_000, seed: 2026).Ok();
        Assert.Equal(table.ClassIds, r.Classes.Select(c => c.Id));
        Assert.All(r.Classes, c =>
        {
            Assert.True(c.StandardError > 0, c.Id);
            Assert.True(Math.Abs(c.ZScore) <= 3, $"{c.Id}: MC {c.Mean} ± {c.StandardError}, OPM {c.Opm}");
        });
        Assert.True(Math.Abs(r.EquityMean - 300_000_000) <= 3 * r.EquityStandardError);
    }

    [Fact]
    public void SameSeed_SameResult_WhateverTheThreads()
    {
        var table = ValuationFixtures.Table(ValuationFixtures.Juniper());
        var a = new OpmAssumptions(300_000_000m, 0.6m, 2m, 0.04m);
        var one = MonteCarlo.Run(table, a, 70_000, seed: 5, threads: 1).Ok();
        var two = MonteCarlo.Run(table, a, 70_000, seed: 5, threads: 2).Ok();
        Assert.Equal(one.Classes.Select(c => c.Mean), two.Classes.Select(c => c.Mean));
        var other = MonteCarlo.Run(table, a, 70_000, seed: 6).Ok();
        Assert.NotEqual(one.Classes[0].Mean, other.Classes[0].Mean);
    }

    [Fact]
    public void ProgressReachesThePathCount()
    {
        var table = ValuationFixtures.Table(ValuationFixtures.TwoClass());
        long last = 0;
        MonteCarlo.Run(table, new OpmAssumptions(42m, 0.2m, 0.5m, 0.1m), 100_000, 1, 2, n => Interlocked.Exchange(ref last, Math.Max(Interlocked.Read(ref last), n))).Ok();
        Assert.Equal(100_000, last);
    }
}
