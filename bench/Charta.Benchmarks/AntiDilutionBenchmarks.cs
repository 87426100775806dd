using BenchmarkDotNet.Attributes;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Core.Money;

namespace Charta.Benchmarks;

/// <summary>
/// FOURTH §6(d): replaying a ledger of 10,000 anti-dilution-relevant events (common issues at random prices, option
/// grants deemed issued, expiries that readjust) across the five series, to the full conversion-price history.
/// The real path keeps A (fully diluted common) as running totals; the baseline recomputes A by rescanning every
/// position and instrument at each issue, as a naive implementation would. The baseline does only the arithmetic (no
/// validation, no readjustments, no holders), so at 10,000 events it is cheaper; the 40,000 row shows how each grows.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class AntiDilutionBenchmarks
{
    private List<RecordedEvent> _events = [];

    [Params(10_000, 40_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup() => _events = Build(Events);

    /// <summary>The ledger: the five series issued (D1 last: the Original Issue Date), then the relevant events.</summary>
    public static List<RecordedEvent> Build(int n)
    {
        var json = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);
        var charter = CharterLoader.Default;
        var d0 = new DateOnly(1996, 1, 1);
        var events = new List<LedgerEvent> { new CompanyCreated(d0, charter.Id, json, d0), new StakeholderAdded(d0, "Founders"), new StakeholderAdded(d0, "Investors"), new StakeholderAdded(d0, "Optionees") };
        events.Add(new SharesIssued(d0, "Founders", "common", 20_000_000, 0.01m));
        var day = new DateOnly(1996, 2, 1);
        foreach (var s in charter.Series) events.Add(new SharesIssued(day, "Investors", s.Id, s.FixedShares.Value, s.OriginalIssuePrice.Value));
        var rng = new Random(42);
        var open = new List<(string Id, DateOnly Expires)>();
        var date = new DateOnly(1996, 3, 1);
        for (var i = 0; events.Count < n + 10; i++)
        {
            if (i % 4 == 3) date = date.AddDays(1);
            switch (rng.Next(3))
            {
                case 0:
                    events.Add(new SharesIssued(date, "Investors", "common", 100 + rng.Next(300), rng.Next(50, 1500) / 100m));
                    break;
                case 1:
                    var id = $"G{i}";
                    var expires = date.AddDays(40 + rng.Next(400));
                    events.Add(new InstrumentGranted(date, id, "Optionees", "option", "common", 100 + rng.Next(300), rng.Next(50, 1500) / 100m, expires));
                    open.Add((id, expires));
                    break;
                default:
                    var due = open.FindIndex(o => o.Expires <= date);
                    if (due < 0) goto case 0;
                    events.Add(new InstrumentExpired(date, open[due].Id));
                    open.RemoveAt(due);
                    break;
            }
        }

        return events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToList();
    }

    [Benchmark]
    public int Replay() => Fold.Replay(_events).ConversionPriceHistory.Count;

    /// <summary>Naive: the same weighted-average arithmetic with A rescanned from every position and instrument at each issue.</summary>
    [Benchmark(Baseline = true)]
    public int NaiveRescan()
    {
        var charter = CharterLoader.Default;
        var prices = charter.Series.ToDictionary(s => s.Id, s => s.InitialConversionPrice.Value);
        var positions = new List<(string Security, long Shares)>();
        var options = new Dictionary<string, long>();
        DateOnly? oid = null;
        var changes = 0;
        foreach (var r in _events)
        {
            switch (r.Event)
            {
                case SharesIssued e:
                    if (e.Security == "common" && oid is { } o && e.Date > o) changes += Adjust(e.Shares, e.Shares * e.PricePerShare);
                    positions.Add((e.Security, e.Shares));
                    if (e.Security == "D1") oid ??= e.Date;
                    break;
                case InstrumentGranted g:
                    if (oid is { } o2 && g.Date > o2) changes += Adjust(g.MaxShares, g.MaxShares * g.ExercisePrice);
                    options[g.GrantId] = g.MaxShares;
                    break;
                case InstrumentExpired x:
                    options.Remove(x.GrantId);
                    break;
            }
        }

        return changes;

        int Adjust(long c, decimal consideration)
        {
            long a = 0;
            foreach (var (security, shares) in positions)
                a += security == "common" ? shares : Rounding.RoundDownToWholeShares(shares * charter.FindSeries(security)!.OriginalIssuePrice.Value / prices[security]);
            foreach (var m in options.Values) a += m;
            var n = 0;
            foreach (var s in charter.Series)
            {
                if (consideration / c >= prices[s.Id]) continue;
                var next = Rounding.ToNearestCent((prices[s.Id] * a + consideration) / (a + c));
                if (next != prices[s.Id]) n++;
                prices[s.Id] = next;
            }

            return n;
        }
    }
}

/// <summary>
/// FOURTH §6(d)(iii)(C), (D): one expiry readjusting a grant after 10,000 later issues of Additional Shares. The real
/// path (<see cref="Readjust"/>) folds the expiry onto the state before it: the original adjustment is recomputed and
/// every later issue replayed exactly, twice (the recomputed price and the (D)(ii) cap), O(later issues × series). The
/// naive baseline (<see cref="NaiveRefold"/>) finds the (D)(ii) price the obvious way: refold the whole ledger without
/// the grant.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ReadjustmentBenchmarks
{
    private CapTable _before = null!;
    private RecordedEvent _expiry = null!;
    private List<RecordedEvent> _withoutGrant = [];

    [Params(10_000)]
    public int LaterIssues { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var json = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);
        var charter = CharterLoader.Default;
        var d0 = new DateOnly(1996, 1, 1);
        var events = new List<LedgerEvent> { new CompanyCreated(d0, charter.Id, json, d0), new StakeholderAdded(d0, "Founders"), new StakeholderAdded(d0, "Investors"), new StakeholderAdded(d0, "Optionee") };
        events.Add(new SharesIssued(d0, "Founders", "common", 20_000_000, 0.01m));
        var day = new DateOnly(1996, 2, 1);
        foreach (var s in charter.Series) events.Add(new SharesIssued(day, "Investors", s.Id, s.FixedShares.Value, s.OriginalIssuePrice.Value));
        var grant = new InstrumentGranted(new DateOnly(1996, 3, 1), "W-1", "Optionee", "warrant", "common", 1_000_000, 1.00m, new DateOnly(2030, 1, 1));
        events.Add(grant);
        var rng = new Random(42);
        var date = new DateOnly(1996, 3, 2);
        for (var i = 0; i < LaterIssues; i++)
        {
            if (i % 4 == 3) date = date.AddDays(1);
            events.Add(new SharesIssued(date, "Investors", "common", 100 + rng.Next(900), rng.Next(20, 1500) / 100m));
        }

        var recorded = events.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToList();
        _before = Fold.Replay(recorded);
        _expiry = new RecordedEvent(recorded.Count + 1, DateTimeOffset.UnixEpoch, new InstrumentExpired(new DateOnly(2030, 1, 1), "W-1"));
        _withoutGrant = recorded.Where(r => r.Event != grant).ToList();
    }

    /// <summary>The expiry folded onto the state before it (decide and evolve): the exact readjustment.</summary>
    [Benchmark]
    public decimal Readjust() => Fold.Evolve(_before, _expiry).Value.ConversionPrice("D");

    /// <summary>Naive: the (D)(ii) price by refolding the whole ledger without the grant.</summary>
    [Benchmark(Baseline = true)]
    public decimal NaiveRefold() => Fold.Replay(_withoutGrant).ConversionPrice("D");
}
