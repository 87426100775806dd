using Charta.Core.Ledger;
using CsCheck;

namespace Charta.Ledger.Tests;

/// <summary>
/// Writers in parallel on one file, each with its own store (as separate CLI processes would be): every write is one
/// IMMEDIATE transaction, so none is lost, the chain stays whole, and a race for the last authorized shares has exactly
/// one winner.
/// </summary>
public sealed class Concurrency_Properties : LedgerFixture
{
    [Fact]
    public void ParallelWriters_LoseNothing_AndTheChainStaysWhole()
    {
        Gen.Select(Gen.Int[2, 4], Gen.Int[1, 6]).Sample((writers, each) =>
        {
            var path = PathOf($"par-{Guid.NewGuid():N}.db");
            using (var s = SqliteEventStore.Open(path, create: true))
                Assert.True(new CompanyLedger(s, Clock).Append(History()[0], History()[1]).IsOk);
            Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, w =>
            {
                using var store = SqliteEventStore.Open(path, create: false);
                var ledger = new CompanyLedger(store, Clock, $"writer {w}");
                for (var i = 0; i < each; i++)
                    Assert.True(ledger.Append(new SharesIssued(D("1997-01-01"), "Founder", "common", 1 + w, 0.01m)).IsOk);
            });
            using var check = SqliteEventStore.Open(path, create: false);
            var events = check.ReadAll(withIntegrity: true);
            Assert.Equal(2 + (writers * each), events.Count);
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            Assert.True(check.VerifyChain().IsOk);
            // Each writer's shares all arrived: founder holds Σ_w each × (w + 1).
            var expected = Enumerable.Range(0, writers).Sum(w => (long)each * (w + 1));
            Assert.Equal(expected, new CompanyLedger(check, Clock).CapTable().Value.Positions.Where(p => p.Key.Holder == "Founder").Sum(p => p.Value));
        }, iter: 6, threads: 1);
    }

    [Fact]
    public void ARaceForTheLastAuthorizedShares_HasExactlyOneWinner()
    {
        Gen.Int[2, 4].Sample(racers =>
        {
            var path = PathOf($"race-{Guid.NewGuid():N}.db");
            using (var s = SqliteEventStore.Open(path, create: true))
                // Series B: 3,915,308 authorized (FOURTH §2); leave 8.
                Assert.True(new CompanyLedger(s, Clock).Append(History()[0], History()[1], History()[2], new SharesIssued(D("1997-01-15"), "KP", "B", 3_915_300, 2.40m)).IsOk);
            var wins = 0;
            var refusals = new System.Collections.Concurrent.ConcurrentBag<string>();
            Parallel.For(0, racers, new ParallelOptions { MaxDegreeOfParallelism = racers }, _ =>
            {
                using var store = SqliteEventStore.Open(path, create: false);
                var r = new CompanyLedger(store, Clock).Append(new SharesIssued(D("1997-02-01"), "KP", "B", 8, 2.40m));
                if (r.IsOk) Interlocked.Increment(ref wins);
                else refusals.Add(r.Refusal!.Clause!.Value.Citation);
            });
            Assert.Equal(1, wins);
            Assert.All(refusals, c => Assert.Equal("FOURTH §2", c));
            using var check = SqliteEventStore.Open(path, create: false);
            Assert.Equal(5, check.ReadAll().Count);
            Assert.True(check.VerifyChain().IsOk);
        }, iter: 4, threads: 1);
    }
}
