using Charta.Core.Liquidation;
using CsCheck;
using static Charta.Core.Tests.Liquidation.LiquidationFixtures;

namespace Charta.Core.Tests.Liquidation;

/// <summary>
/// Properties of the FOURTH §4 waterfall over random cap tables, on every embedded charter (through the ledger) and on
/// generated charters with seniority ranks, full and capped participation, multiples and declared dividends.
/// </summary>
public class Fourth_4_Properties
{
    private const long Iterations = 150;
    private const decimal Tolerance = 0.000000001m; // exact arithmetic to 28 digits; 1e-9 dollars is far below a cent

    /// <summary>
    /// Random cap tables on an embedded charter, built through the ledger fold: each series between none and its fixed
    /// number (two holders per series, to exercise the per-holder rounding), founders' common up to 1/4 and 1/14 of the
    /// authorized common, and up to three options.
    /// </summary>
    private static Gen<LiquidationModel> LedgerModels(string charter)
    {
        var c = Charter.EmbeddedCharters.Load(charter);
        var common = c.Authorized.Common.Value;
        return from preferred in Gen.Int[0, 1_000_000].Array[c.Series.Count]
               from f1 in Gen.Int[0, (int)Math.Min(int.MaxValue, common / 4)]
               from f2 in Gen.Int[0, (int)Math.Min(int.MaxValue, common / 14)]
               from options in Gen.Select(Gen.Int[1, (int)Math.Min(2_000_000, common / 36)], Gen.Int[1, 2_000]).Array[0, 3]
               from days in Gen.Int[0, 3_000]
               select LedgerModel(charter, c.Series.Select((s, i) => (int)(s.FixedShares.Value * preferred[i] / 1_000_000)).ToArray(), f1, f2, options, days);
    }

    private static LiquidationModel LedgerModel(string charter, int[] preferred, int founder1, int founder2, (int Shares, int StrikeCents)[] options, int days)
    {
        var builder = new Builder(charter);
        var ids = builder.Charter.Series.Select(s => s.Id).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            if (preferred[i] == 0) continue;
            // Two holders per series, to exercise the per-holder rounding.
            var half = preferred[i] / 2;
            if (half > 0) builder.Issue($"{ids[i]} fund 1", ids[i], half);
            builder.Issue($"{ids[i]} fund 2", ids[i], preferred[i] - half);
        }

        if (founder1 > 0) builder.Issue("Founder 1", "common", founder1);
        if (founder2 > 0) builder.Issue("Founder 2", "common", founder2);
        for (var k = 0; k < options.Length; k++) builder.Option($"Employee {k}", options[k].Shares, options[k].StrikeCents / 100m);
        // As of a date up to about eight years on: a cumulative series' accrued dividends are in its preference.
        return builder.Model(Day.AddDays(days));
    }

    /// <summary>
    /// Generated charters: 1-5 series with random multiple, seniority, participation, cap, dividends and conversion ratio;
    /// and, ahead of each of the three seniorities, maybe a common catch-up (session 20) of up to $1.00 a common share.
    /// </summary>
    private static readonly Gen<LiquidationModel> GeneratedModels =
        from series in Gen.Select(
            Gen.Select(Gen.Int[1, 1_000_000], Gen.Int[50, 2_000], Gen.Int[1, 3], Gen.Int[0, 2]),
            Gen.Select(Gen.Int[0, 2], Gen.Int[1, 3], Gen.Int[0, 100], Gen.Int[50, 300])).Array[1, 5]
        from common in Gen.Int[0, 5_000_000]
        from options in Gen.Select(Gen.Int[1, 500_000], Gen.Int[0, 3_000]).Array[0, 3]
        from basis in Gen.Bool
        from catchUps in Gen.Int[-100, 100].Array[3]
        select Generated(series, common, options, basis, catchUps);

    private static LiquidationModel Generated(((int, int, int, int), (int, int, int, int))[] spec, int common, (int, int)[] opts, bool oipBasis, int[]? catchUpCents = null)
    {
        var series = new List<SeriesClaim>();
        var holdings = new List<Holding>();
        if (common > 0) holdings.Add(new Holding("Common holder", "common", common, common));
        for (var i = 0; i < spec.Length; i++)
        {
            var ((shares, oipCents, multiple, seniority), (participation, capExtra, divCents, ratioPct)) = spec[i];
            var oip = oipCents / 100m;
            var div = divCents / 100m;
            var claim = (multiple * oip + div) * shares;
            var kind = (ParticipationKind)participation;
            var cap = kind == ParticipationKind.Capped ? ((multiple + capExtra) * oip + div) * shares : claim;
            var asConverted = (long)decimal.Floor(shares * ratioPct / 100m);
            var id = $"S{i}";
            series.Add(new SeriesClaim(id, i, shares, asConverted, oip, multiple, div, claim, oipBasis ? oip * shares : claim, seniority, kind, cap, "generated"));
            holdings.Add(new Holding($"Holder {id}", id, shares, asConverted));
        }

        var options = opts.Select((o, k) => new OptionClaim($"O{k}", $"Optionee {k}", "common", o.Item1, o.Item2 / 100m)).ToArray();
        // A catch-up of k cents a common share ahead of seniority 1 + j (k ≤ 0: none).
        var catchUps = (catchUpCents ?? []).Select((k, j) => new CommonCatchUpClaim($"seniority {1 + j}", 1 + j, k <= 0 ? 0m : k / 100m * common, "generated catch-up")).ToArray();
        return new LiquidationModel("Generated", "common", common, series, options, holdings,
            oipBasis ? "original-issue-price-times-shares" : "preference-amount", null, null, catchUps: catchUps);
    }

    /// <summary>A model with an exit (in cents) from 0 to well past every conversion point.</summary>
    private static Gen<(LiquidationModel Model, decimal Exit)> WithExit(Gen<LiquidationModel> models) =>
        from m in models
        let top = (long)((m.TotalClaims + m.TotalCatchUp) * 400m) + 100_000_000_00L
        from cents in Gen.Long[0, top]
        select (m, cents / 100m);

    private static Gen<(LiquidationModel Model, decimal Exit)> Either(string charter) =>
        Gen.OneOf(WithExit(LedgerModels(charter)), WithExit(GeneratedModels));

    private static bool Solvable(LiquidationModel m, decimal exit) => Waterfall.Equilibrium(m, exit).CommonPrice is not null;

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void PayoutsSumExactlyToTheExit_ByClassAndByHolder(string charter)
    {
        Either(charter).Sample(t =>
        {
            if (!Solvable(t.Model, t.Exit)) return;
            var r = t.Model.Solve(t.Exit);
            Assert.Equal(t.Exit, r.Classes.Sum(c => c.Total) + r.Options.Sum(o => o.Total));
            Assert.Equal(t.Exit, r.Holders.Sum(h => h.Total));
            Assert.All(r.Holders, h => Assert.Equal(h.Total, decimal.Round(h.Total, 2)));
        }, iter: Iterations);
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void EachClassAndHolderPayout_IsNonDecreasingInTheExit(string charter)
    {
        var gen = from t in Either(charter) from extra in Gen.Long[0, 50_000_000_00L] select (t.Model, t.Exit, Higher: t.Exit + extra / 100m);
        gen.Sample(t =>
        {
            if (!Solvable(t.Model, t.Exit) || !Solvable(t.Model, t.Higher)) return;
            var lo = Waterfall.Equilibrium(t.Model, t.Exit);
            var hi = Waterfall.Equilibrium(t.Model, t.Higher);
            Assert.True(hi.CommonPay >= lo.CommonPay - Tolerance);
            for (var i = 0; i < lo.SeriesPay.Count; i++)
                Assert.True(hi.SeriesPay[i] >= lo.SeriesPay[i] - Tolerance, $"series {i}: {lo.SeriesPay[i]} at {t.Exit} > {hi.SeriesPay[i]} at {t.Higher}");
            for (var j = 0; j < lo.OptionPay.Count; j++) Assert.True(hi.OptionPay[j] >= lo.OptionPay[j] - Tolerance);
            // Rounded to cents, a holder's total can move against the exact trend by at most the one cent of the
            // largest-remainder rule (docs/interpretations.md, "Rounding the distribution").
            var rl = t.Model.Solve(t.Exit).Holders.ToDictionary(h => h.Holder, h => h.Total);
            foreach (var h in t.Model.Solve(t.Higher).Holders) Assert.True(h.Total >= rl[h.Holder] - 0.01m, h.Holder);
        }, iter: Iterations);
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void ConversionChoicesAreAnEquilibrium_NoSeriesIsBetterOffSwitching(string charter)
    {
        Either(charter).Sample(t =>
        {
            var eq = Waterfall.Equilibrium(t.Model, t.Exit);
            if (eq.CommonPrice is null) return;
            foreach (var s in t.Model.Series)
            {
                if (s.Shares == 0 || s.AsConverted == 0) continue;
                var flipped = eq.Converted.ToArray();
                flipped[s.Index] = !flipped[s.Index];
                var alt = Waterfall.Allocate(t.Model, t.Exit, flipped);
                Assert.True(alt.SeriesPay[s.Index] <= eq.SeriesPay[s.Index] + Tolerance,
                    $"series {s.Id} ({s.Participation}) gets {eq.SeriesPay[s.Index]} choosing convert={eq.Converted[s.Index]}, but {alt.SeriesPay[s.Index]} switching, at exit {t.Exit}");
            }
        }, iter: Iterations);
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void BreakpointLookup_EqualsADirectSolve(string charter)
    {
        Either(charter).Sample(t =>
        {
            var direct = Waterfall.Equilibrium(t.Model, t.Exit);
            if (direct.CommonPrice is null) return;
            var curve = PayoutCurve.Build(t.Model);
            var looked = curve.Evaluate(t.Exit);
            Assert.True(Math.Abs(looked[0] - direct.CommonPay) <= Tolerance, $"common {looked[0]} vs {direct.CommonPay} at {t.Exit}");
            for (var i = 0; i < t.Model.Series.Count; i++)
                Assert.True(Math.Abs(looked[1 + i] - direct.SeriesPay[i]) <= Tolerance, $"series {i}: {looked[1 + i]} vs {direct.SeriesPay[i]} at {t.Exit}");
            if (t.Model.Options.Count > 0)
                Assert.True(Math.Abs(looked[^1] - direct.OptionsTotal) <= Tolerance, $"options {looked[^1]} vs {direct.OptionsTotal}");
            // And at every breakpoint, to the cent.
            foreach (var b in curve.Breakpoints)
            {
                var x = decimal.Round(b.Exit, 2, MidpointRounding.ToZero);
                var d = Waterfall.Equilibrium(t.Model, x);
                if (d.CommonPrice is null) continue;
                var e = curve.Evaluate(x);
                Assert.True(Math.Abs(e[0] - d.CommonPay) <= Tolerance, $"common at breakpoint {x}");
                for (var i = 0; i < t.Model.Series.Count; i++) Assert.True(Math.Abs(e[1 + i] - d.SeriesPay[i]) <= Tolerance, $"series {i} at breakpoint {x} ({b.Event})");
            }
        }, iter: Iterations);
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void TheGridWalk_EqualsTheLookupAtEveryPoint(string charter)
    {
        var gen = from t in Either(charter) from step in Gen.Long[1, 5_000_000_00L] select (t.Model, Step: step / 100m);
        gen.Sample(t =>
        {
            var curve = PayoutCurve.Build(t.Model);
            var grid = curve.EvaluateGrid(0m, t.Step, 400);
            for (var i = 0; i < 400; i++)
            {
                var e = curve.Evaluate(i * t.Step);
                for (var c = 0; c < e.Length; c++)
                    Assert.True(Math.Abs(grid[c][i] - e[c]) <= Tolerance, $"class {curve.ClassIds[c]} at {i * t.Step}: {grid[c][i]} vs {e[c]}");
            }
        }, iter: 50);
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void TheGridInCents_IsTheExactCurveRoundedDown(string charter)
    {
        var gen = from t in Either(charter) from step in Gen.Long[1, 5_000_000_00L] select (t.Model, Step: step / 100m);
        gen.Sample(t =>
        {
            var curve = PayoutCurve.Build(t.Model);
            var grid = curve.EvaluateGridCents(0m, t.Step, 300);
            for (var i = 0; i < 300; i++)
            {
                var e = curve.Evaluate(i * t.Step);
                for (var c = 0; c < e.Length; c++)
                {
                    // Exact value in cents minus the grid's cents is in [0, 1) — allowing 1e-9 cent either side.
                    var gap = e[c] * 100m - grid[c][i];
                    Assert.True(gap > -0.000000001m && gap < 1.000000001m, $"class {curve.ClassIds[c]} at {i * t.Step}: {e[c]} vs {grid[c][i]} cents");
                }
            }
        }, iter: 50);
    }
}
