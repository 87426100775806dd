using BenchmarkDotNet.Attributes;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Liquidation;

namespace Charta.Benchmarks;

/// <summary>Synthetic cap tables for the FOURTH §4 benchmarks (deterministic: fixed seeds).</summary>
internal static class LiquidationData
{
    /// <summary>50 series (mixed seniority and participation) and 10,000 distinct option strikes.</summary>
    public static LiquidationModel ManySeries(int seriesCount = 50, int strikes = 10_000)
    {
        var rng = new Random(42);
        var series = new List<SeriesClaim>();
        for (var i = 0; i < seriesCount; i++)
        {
            var shares = rng.Next(100_000, 5_000_000);
            var oip = rng.Next(50, 5_000) / 100m;
            var kind = (ParticipationKind)(i % 3);
            var claim = oip * shares;
            var cap = kind == ParticipationKind.Capped ? 3 * oip * shares : claim;
            series.Add(new SeriesClaim($"S{i}", i, shares, shares * rng.Next(80, 250) / 100, oip, 1, 0, claim, claim, rng.Next(0, 4), kind, cap, "bench"));
        }

        var options = Enumerable.Range(0, strikes).Select(k => new OptionClaim($"O{k}", $"Optionee {k}", "common", rng.Next(1_000, 50_000), 0.01m + k * 0.01m)).ToArray();
        return new LiquidationModel("Bench", "common", 50_000_000, series, options, [], "original-issue-price-times-shares", null);
    }

    /// <summary>The Juniper terms with 100,000 holders spread over common and the five series.</summary>
    public static LiquidationModel ManyHolders(int holders = 100_000)
    {
        var juniper = CharterLoader.Default;
        var rng = new Random(7);
        var holdings = new List<Holding>();
        var perClass = new Dictionary<string, long>();
        var classes = juniper.ClassIds.ToArray();
        for (var h = 0; h < holders; h++)
        {
            var id = classes[h % classes.Length];
            var shares = rng.Next(100, 10_000);
            var s = juniper.FindSeries(id);
            var asConverted = s is null ? shares : (long)decimal.Floor(shares * s.OriginalIssuePrice.Value / s.InitialConversionPrice.Value);
            holdings.Add(new Holding($"Holder {h:D6}", id, shares, asConverted));
            perClass[id] = perClass.GetValueOrDefault(id) + shares;
        }

        var series = juniper.Series.Select((s, i) =>
        {
            var n = perClass[s.Id];
            var asConv = holdings.Where(x => x.ClassId == s.Id).Sum(x => x.AsConverted);
            var claim = s.OriginalIssuePrice.Value * n;
            return new SeriesClaim(s.Id, i, n, asConv, s.OriginalIssuePrice.Value, 1, 0, claim, claim, 1, ParticipationKind.None, claim, s.Liquidation.Clause);
        }).ToArray();
        return new LiquidationModel(juniper.Company, "common", perClass["common"], series, [], holdings, "original-issue-price-times-shares", null);
    }

    /// <summary>The illustrative demo company (Juniper terms, founders' common, an option pool).</summary>
    public static LiquidationModel Illustrative()
    {
        var json = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);
        var events = IllustrativeCompany.Events(CharterLoader.Default, json);
        return LiquidationModel.From(Fold.Replay(events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e))));
    }
}

/// <summary>Breakpoints for 50 series and 10,000 distinct strikes: one sweep vs evaluating X(P) from scratch at every kink.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LiquidationBreakpointsBenchmarks
{
    private LiquidationModel _model = null!;

    [GlobalSetup]
    public void Setup() => _model = LiquidationData.ManySeries();

    /// <summary>Naive: collect the kinks, then compute the exit at each by summing every series and option anew (O(kinks × (series + options))).</summary>
    [Benchmark(Baseline = true)]
    public decimal NaivePerKink()
    {
        var m = _model;
        var kinks = m.Options.Select(o => o.Strike)
            .Concat(m.Series.Where(s => s.ConversionThreshold is not null).Select(s => s.ConversionThreshold!.Value))
            .Concat(m.Series.Where(s => s.Participation == ParticipationKind.Capped).Select(s => s.Headroom / s.AsConverted))
            .Distinct().Order().ToArray();
        decimal last = 0;
        foreach (var p in kinks)
        {
            decimal x = m.CommonShares * p;
            foreach (var s in m.Series)
            {
                var converted = s.ConversionThreshold is { } t && t < p;
                x += converted ? s.AsConverted * p
                    : s.Claim + s.Participation switch
                    {
                        ParticipationKind.Full => s.AsConverted * p,
                        ParticipationKind.Capped => Math.Min(s.AsConverted * p, s.Headroom),
                        _ => 0m,
                    };
            }

            foreach (var o in m.Options) if (p > o.Strike) x += o.Shares * (p - o.Strike);
            last = x;
        }

        return last;
    }

    [Benchmark]
    public int Sweep() => PayoutCurve.Build(_model).Breakpoints.Count;
}

/// <summary>One waterfall distributed to 100,000 holders to the cent: threshold selection vs a full sort of the remainders.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LiquidationHoldersBenchmarks
{
    private LiquidationModel _model = null!;

    [GlobalSetup]
    public void Setup() => _model = LiquidationData.ManyHolders();

    /// <summary>Naive: the same exact split, then every cell sorted by (remainder, holder, class) to hand out the cents.</summary>
    [Benchmark(Baseline = true)]
    public long NaiveFullSort()
    {
        var a = Waterfall.Equilibrium(_model, 123_456_789.01m);
        var cells = new List<(Cell Cell, long Floor, decimal Rem)>();
        foreach (var h in _model.Holdings)
        {
            var s = _model.Series.FirstOrDefault(x => x.Id == h.ClassId);
            var exact = s is null ? h.Shares * a.CommonPrice!.Value
                : a.Converted[s.Index] ? h.AsConverted * a.CommonPrice!.Value : a.SeriesPay[s.Index] * h.Shares / s.Shares;
            var floor = decimal.Floor(exact * 100m);
            cells.Add((new Cell(h.Holder, h.ClassId, exact), (long)floor, exact * 100m - floor));
        }

        var left = 12_345_678_901L - cells.Sum(c => c.Floor);
        var order = cells.OrderByDescending(c => c.Rem).ThenBy(c => c.Cell.Holder, StringComparer.Ordinal).ThenBy(c => c.Cell.ClassId, StringComparer.Ordinal).ToArray();
        return left + order.Length;
    }

    [Benchmark]
    public int Solve() => Waterfall.Solve(_model, 123_456_789.01m).Value.Holders.Count;
}

/// <summary>The payout curve at 1,000,000 exits: breakpoint lookup vs re-solving the equilibrium at each exit.</summary>
[ShortRunJob]
public class LiquidationCurveBenchmarks
{
    private const int Exits = 1_000_000;
    private LiquidationModel _model = null!;

    [GlobalSetup]
    public void Setup() => _model = LiquidationData.Illustrative();

    [Benchmark(Baseline = true)]
    public decimal NaiveResolveEachExit()
    {
        decimal sum = 0;
        for (var i = 0; i < Exits; i++) sum += Waterfall.Equilibrium(_model, i * 1_000m).CommonPay;
        return sum;
    }

    /// <summary>The curve from $0 to $1B in $1,000 steps: build the breakpoints, then walk the tranches.</summary>
    [Benchmark]
    public decimal Curve() => PayoutCurve.Build(_model).EvaluateGrid(0m, 1_000m, Exits)[0][^1];

    /// <summary>The same curve in whole cents (long arithmetic inside each tranche).</summary>
    [Benchmark]
    public long CurveCents() => PayoutCurve.Build(_model).EvaluateGridCents(0m, 1_000m, Exits)[0][^1];

    /// <summary>Random-access lookups (binary search + evaluation per exit), for comparison.</summary>
    [Benchmark]
    public decimal Lookup()
    {
        var curve = PayoutCurve.Build(_model);
        Span<decimal> row = stackalloc decimal[curve.ClassIds.Count];
        decimal sum = 0;
        for (var i = 0; i < Exits; i++)
        {
            curve.Evaluate(i * 1_000m, row);
            sum += row[0];
        }

        return sum;
    }
}
