using BenchmarkDotNet.Attributes;
using Charta.Core.Charter;
using Charta.Core.Dividends;
using Charta.Core.Ledger;
using Charta.Core.Voting;

namespace Charta.Benchmarks;

/// <summary>
/// A synthetic ledger of one million events on the Juniper charter: 100,000 holders, each issued common and one
/// preferred series, then common transfers between them until the ledger holds 1,000,000 events.
/// </summary>
internal static class GovernanceLedger
{
    public const int Holders = 100_000;
    public const int Events = 1_000_000;
    public static readonly DateOnly RecordDate = new(2001, 1, 1);

    public static List<RecordedEvent> Build()
    {
        var charter = CharterLoader.Default;
        var start = new DateOnly(1999, 1, 4);
        var list = new List<LedgerEvent>(Events)
        {
            new CompanyCreated(start, charter.Id, CharterLoader.EmbeddedText(charter.Id), null),
        };
        for (var i = 0; i < Holders; i++) list.Add(new StakeholderAdded(start, $"H{i:000000}"));
        for (var i = 0; i < Holders; i++)
        {
            var s = charter.Series[i % charter.Series.Count];
            list.Add(new SharesIssued(start.AddDays(i % 300), $"H{i:000000}", s.Id, 3 + i % 7, s.OriginalIssuePrice.Value));
            list.Add(new SharesIssued(start.AddDays(i % 300), $"H{i:000000}", "common", 100 + i % 50, 20m));
        }

        var k = 0;
        while (list.Count < Events)
        {
            var from = k % Holders;
            var to = (int)(((long)k * 7919 + 1) % Holders);
            if (to == from) to = (to + 1) % Holders;
            list.Add(new SharesTransferred(start.AddDays(300 + k % 300), $"H{from:000000}", $"H{to:000000}", "common", 1));
            k++;
        }

        return list.Select((e, i) => new RecordedEvent(i + 1, DateTimeOffset.UnixEpoch, e)).ToList();
    }
}

/// <summary>FOURTH §7(a): votes for 100,000 holders at a record date, including the projection of a 1,000,000-event ledger.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class VotesAtRecordDateBenchmarks
{
    private List<RecordedEvent> _events = null!;
    private CapTable _table = null!;

    [GlobalSetup]
    public void Setup()
    {
        _events = GovernanceLedger.Build();
        _table = Fold.Replay(_events, GovernanceLedger.RecordDate);
    }

    /// <summary>Naive: group positions with LINQ and round every holder's aggregate through an exact rational.</summary>
    [Benchmark(Baseline = true)]
    public long NaiveVotesOnFoldedTable()
    {
        var t = _table;
        long total = 0;
        foreach (var g in t.Positions.GroupBy(p => p.Key.Holder))
        {
            var common = g.Where(p => t.Charter.IsCommon(p.Key.Security)).Sum(p => p.Value);
            var exact = g.Where(p => !t.Charter.IsCommon(p.Key.Security))
                .Aggregate(0m, (acc, p) => acc + p.Value * t.Charter.FindSeries(p.Key.Security)!.OriginalIssuePrice.Value / t.ConversionPrice(p.Key.Security));
            total += common + Charta.Core.Money.Rounding.ToNearestWholeVote(exact);
        }

        return total;
    }

    [Benchmark]
    public long VotesOnFoldedTable() => Votes.Count(_table).TotalVotes;

    [Benchmark]
    public CapTable FoldOnly() => Fold.Replay(_events, GovernanceLedger.RecordDate);

    /// <summary>The target: projection plus votes, ≤ 1 s.</summary>
    [Benchmark]
    public long FoldAndVotes() => Votes.Count(Fold.Replay(_events, GovernanceLedger.RecordDate)).TotalVotes;
}

/// <summary>FOURTH §3: a cash dividend allocated to 100,000 holders to the cent (target ≤ 50 ms).</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class DividendAllocationBenchmarks
{
    private CapTable _table = null!;

    // Above the full preferential amount, so both the preference and the excess are allocated.
    private const decimal Amount = 1_234_567.89m;

    [GlobalSetup]
    public void Setup() => _table = Fold.Replay(GovernanceLedger.Build(), GovernanceLedger.RecordDate);

    /// <summary>Naive: LINQ per holder, decimal shares, a full OrderBy for the remainder.</summary>
    [Benchmark(Baseline = true)]
    public decimal NaiveAllocation()
    {
        var t = _table;
        var weights = t.Positions.GroupBy(p => p.Key.Holder).Select(g => (Holder: g.Key, Weight: g.Sum(p =>
            t.Charter.IsCommon(p.Key.Security) ? p.Value : p.Value * t.ConversionRatio(p.Key.Security)))).ToList();
        var w = weights.Sum(x => x.Weight);
        var shares = weights.Select(x => (x.Holder, Exact: Amount * 100m * x.Weight / w)).ToList();
        var floors = shares.Sum(x => decimal.Floor(x.Exact));
        var left = (long)(Amount * 100m - floors);
        var bonus = shares.OrderByDescending(x => x.Exact - decimal.Floor(x.Exact)).ThenBy(x => x.Holder, StringComparer.Ordinal)
            .Take((int)left).Select(x => x.Holder).ToHashSet();
        return shares.Sum(x => decimal.Floor(x.Exact) + (bonus.Contains(x.Holder) ? 1 : 0)) / 100m;
    }

    [Benchmark]
    public decimal Allocate() => DividendAllocation.Allocate(_table, Amount, GovernanceLedger.RecordDate).Value.Holders.Count;
}
