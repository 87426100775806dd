using System.Globalization;
using Charta.Core.Ledger;
using Charta.Core.Money;

namespace Charta.Core.Model;

/// <summary>One axis of a sensitivity grid: "pre-money", "price", "raise" or "pool-target", and its values.</summary>
public sealed record GridAxis(string Name, IReadOnlyList<decimal> Values)
{
    public static IReadOnlyList<string> Names { get; } = ["pre-money", "price", "raise", "pool-target"];
}

/// <summary>One cell of the grid: the inputs, and the price, the new series' fully diluted ownership and the new investors' multiple at the exit (or the refusal).</summary>
public sealed record GridCell(IReadOnlyList<(string Axis, decimal Value)> At, decimal? PricePerShare, decimal? NewSeriesPercent, decimal? Multiple, string? Refusal);

/// <summary>The pre-money at which a holder's multiple at an exit meets a target, and the multiple there.</summary>
public sealed record PreMoneySolution(string Holder, decimal TargetMultiple, decimal Exit, decimal PreMoney, decimal Multiple, bool Bounded, int Solves, string Note);

/// <summary>Sensitivity grids and the pre-money solver: each cell or step is a full <see cref="RoundModel.Solve"/> (the same fold).</summary>
public static class Sensitivity
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The scenario with one axis set. A new raise scales the investors' amounts pro rata, in cents (largest remainder, ties by name).</summary>
    public static Result<RoundScenario> With(RoundScenario s, string axis, decimal value) => axis switch
    {
        "pre-money" => s with { PreMoney = value, Price = null },
        "price" => s with { Price = value, PreMoney = null },
        "raise" => Scale(s, value),
        "pool-target" => s with { Pool = (s.Pool ?? new PoolTerms { TargetPercent = value }) with { TargetPercent = value } },
        _ => new Refusal("grid", axis, $"is not a grid axis ({string.Join(", ", GridAxis.Names)})"),
    };

    private static Result<RoundScenario> Scale(RoundScenario s, decimal raise)
    {
        if (raise <= 0 || decimal.Round(raise, 2) != raise) return new Refusal("grid", $"raise={raise.ToString(C)}", "must be positive, in whole cents");
        var total = s.Investors.Sum(i => i.Amount);
        var cents = Rounding.WholeCentsDown(raise);
        var exact = s.Investors.Select(i => i.Amount * cents / total).ToArray();
        var floors = exact.Select(x => (long)decimal.Floor(x)).ToArray();
        var left = cents - floors.Sum();
        var order = exact.Select((x, k) => (k, rem: x - floors[k], s.Investors[k].Holder)).OrderByDescending(x => x.rem).ThenBy(x => x.Holder, StringComparer.Ordinal).ToArray();
        for (var k = 0; k < left; k++) floors[order[k].k]++;
        return s with { Raise = null, Investors = s.Investors.Select((i, k) => i with { Amount = floors[k] / 100m }).ToArray() };
    }

    public static Result<IReadOnlyList<GridCell>> Grid(IReadOnlyList<RecordedEvent> ledger, RoundScenario s, IReadOnlyList<GridAxis> axes, decimal? exit, DateOnly? asOf) =>
        RoundModel.Prepare(ledger, asOf).Bind(b => Grid(b, s, axes, exit));

    /// <summary>The grid on a prepared base (one fold of the base ledger, or a stored state, for every cell).</summary>
    public static Result<IReadOnlyList<GridCell>> Grid(ModelBase prepared, RoundScenario s, IReadOnlyList<GridAxis> axes, decimal? exit)
    {
        if (axes.Count is 0 or > 2) return new Refusal("grid", axes.Count.ToString(C), "give one or two axes, e.g. --grid pre-money=40000000,50000000 --grid raise=8000000,10000000");
        var cells = new List<GridCell>();
        var outputs = new ModelOutputs(exit is { } x ? [x] : [], null);
        IEnumerable<IReadOnlyList<(string, decimal)>> points = axes.Count == 1
            ? axes[0].Values.Select(v => (IReadOnlyList<(string, decimal)>)[(axes[0].Name, v)])
            : axes[0].Values.SelectMany(a => axes[1].Values.Select(b => (IReadOnlyList<(string, decimal)>)[(axes[0].Name, a), (axes[1].Name, b)]));
        foreach (var at in points)
        {
            var scenario = s;
            foreach (var (axis, value) in at)
            {
                var w = With(scenario, axis, value);
                if (!w.IsOk) return w.Refusal!;
                scenario = w.Value;
            }

            var r = RoundModel.Solve(prepared, scenario, outputs);
            if (!r.IsOk)
            {
                cells.Add(new GridCell(at, null, null, null, r.Refusal!.ToString()));
                continue;
            }

            var v = r.Value;
            var percent = v.FullyDilutedAfter == 0 ? 0m : 100m * v.NewSeries.Shares / v.FullyDilutedAfter;
            cells.Add(new GridCell(at, v.PricePerShare, percent, exit is null ? null : NewMoneyMultiple(v), null));
        }

        return cells;
    }

    /// <summary>The new money's multiple at the first exit: the new series' payout on the shares bought for cash ÷ the cash paid.</summary>
    public static decimal? NewMoneyMultiple(RoundResult r)
    {
        if (r.Waterfall.Count == 0) return null;
        var e = r.Waterfall[0].Classes.First(k => k.Id == r.NewSeries.Id);
        var paid = r.NewSeries.CashRaised;
        return paid == 0 || e.Shares == 0 ? null : e.Exact * r.NewSeries.InvestorShares / e.Shares / paid;
    }

    /// <summary>
    /// The highest pre-money, in whole dollars, at which <paramref name="holder"/>'s multiple at <paramref name="exit"/>
    /// is at least <paramref name="target"/>: a bisection over [1, exit] (the multiple does not rise with the
    /// pre-money). Each step is a full solve of the round.
    /// </summary>
    public static Result<PreMoneySolution> SolvePreMoney(IReadOnlyList<RecordedEvent> ledger, RoundScenario s, string holder, decimal target, decimal exit, DateOnly? asOf) =>
        RoundModel.Prepare(ledger, asOf).Bind(b => SolvePreMoney(b, s, holder, target, exit));

    /// <summary>The pre-money solver on a prepared base.</summary>
    public static Result<PreMoneySolution> SolvePreMoney(ModelBase prepared, RoundScenario s, string holder, decimal target, decimal exit)
    {
        if (target <= 0) return new Refusal("solve-pre-money-for", target.ToString(C), "the target multiple must be positive");
        if (s.Investors.All(i => i.Holder != holder) && s.Notes.All(n => n.Holder != holder) && s.Safes.All(n => n.Holder != holder))
            return new Refusal("solve-pre-money-for", holder, "is not an investor, note or SAFE holder of the round");
        var outputs = new ModelOutputs([exit], null);
        var solves = 0;
        Result<decimal> MultipleAt(decimal pre)
        {
            solves++;
            var r = RoundModel.Solve(prepared, s with { PreMoney = pre, Price = null }, outputs);
            if (!r.IsOk) return r.Refusal!;
            var ret = r.Value.Returns.FirstOrDefault(x => x.Holder == holder);
            return ret?.Exits[0].Multiple ?? 0m;
        }

        decimal lo = 1m, hi = decimal.Floor(exit);
        var mHi = MultipleAt(hi);
        if (!mHi.IsOk) return mHi.Refusal!;
        if (mHi.Value >= target)
            return new PreMoneySolution(holder, target, exit, hi, mHi.Value, true, solves, "the target is met even at a pre-money equal to the exit: any pre-money up to it works");
        var mLo = MultipleAt(lo);
        // A pre-money too small to price a share is refused: start from the smallest power of ten that prices one.
        while (!mLo.IsOk && lo * 10m < hi)
        {
            lo *= 10m;
            mLo = MultipleAt(lo);
        }

        if (!mLo.IsOk) return mLo.Refusal!;
        if (mLo.Value < target)
            return new Refusal("solve-pre-money-for", $"{holder}={target.ToString(C)}x", $"is not reachable at an exit of {exit.ToString(C)}: the multiple is {decimal.Round(mLo.Value, 4).ToString(C)} even at a pre-money of {lo.ToString(C)}");
        var best = (pre: lo, m: mLo.Value);
        while (hi - lo > 1m)
        {
            var mid = decimal.Floor((lo + hi) / 2m);
            var m = MultipleAt(mid);
            if (!m.IsOk) return m.Refusal!;
            if (m.Value >= target) (lo, best) = (mid, (mid, m.Value));
            else hi = mid;
        }

        return new PreMoneySolution(holder, target, exit, best.pre, best.m, false, solves, "the highest whole-dollar pre-money meeting the target");
    }
}
