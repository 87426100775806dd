using Charta.Core.Ledger;
using Charta.Core.Tests.AntiDilution;

namespace Charta.Core.Tests.Ledger;

/// <summary>The fold's shape: one rule per event in one dispatch table, and a pure, immutable evolve step.</summary>
public class Ledger_DecideEvolve
{
    [Fact]
    public void EveryEventTheCatalogKnows_HasExactlyOneRuleInTheDispatchTable()
    {
        var catalog = EventCatalog.All.Select(x => x.Type).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal);
        Assert.Equal(catalog, LedgerEditor.EventTypesWithARule.OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void Evolve_LeavesTheGivenStateUnchanged()
    {
        // 1,000 common to Founders on 2000-06-01: Founders 2,707,000 → 2,708,000 in the new state only.
        var before = Company.Juniper().Table();
        var after = Fold.Evolve(before, new RecordedEvent(99, DateTimeOffset.UnixEpoch, new SharesIssued(new DateOnly(2000, 6, 1), "Founders", "common", 1_000, 20m))).Value;
        Assert.Equal(2_707_000, before.SharesHeld("Founders", "common"));
        Assert.Equal(2_708_000, after.SharesHeld("Founders", "common"));
        Assert.Equal(before.EventCount + 1, after.EventCount);
        // Unchanged concerns are shared, not copied.
        Assert.Same(before.Instruments, after.Instruments);
        Assert.Same(before.State.Vesting.Schedules, after.State.Vesting.Schedules);
    }

    [Fact]
    public void Decide_ChangesNothing_AndRefusesWithTheRuleOfTheEvent()
    {
        // Founders hold 2,707,000 common: transferring 2,707,001 is refused; 1,000 is allowed; the state is unchanged either way.
        var before = Company.Juniper().Table();
        var tooMany = new RecordedEvent(99, DateTimeOffset.UnixEpoch, new SharesTransferred(new DateOnly(2000, 6, 1), "Founders", "A holders", "common", 2_707_001));
        var refusal = Fold.Decide(before, tooMany);
        Assert.NotNull(refusal);
        Assert.Equal("shares", refusal.Field);
        Assert.Contains("holds only 2,707,000 shares", refusal.Reason, StringComparison.Ordinal);
        Assert.Null(Fold.Decide(before, tooMany with { Event = ((SharesTransferred)tooMany.Event) with { Shares = 1_000 } }));
        Assert.Equal(2_707_000, before.SharesHeld("Founders", "common"));
        Assert.False(Fold.Evolve(before, tooMany).IsOk);
    }

    [Fact]
    public void EvolveDecided_GivesTheSameStateAsDecideThenEvolve()
    {
        // A 2:1 split decided valid: EvolveDecided and Evolve agree (Founders 2,707,000 → 5,414,000 common).
        var before = Company.Juniper().Table();
        var split = new RecordedEvent(99, DateTimeOffset.UnixEpoch, new StockSplit(new DateOnly(2000, 6, 1), 2, 1));
        Assert.Null(Fold.Decide(before, split));
        var decided = Fold.EvolveDecided(before, split);
        var evolved = Fold.Evolve(before, split).Value;
        Assert.Equal(5_414_000, decided.SharesHeld("Founders", "common"));
        Assert.Equal(evolved.SharesHeld("Founders", "common"), decided.SharesHeld("Founders", "common"));
        Assert.Equal(evolved.ConversionPrice("A"), decided.ConversionPrice("A"));
        Assert.Equal(evolved.EventCount, decided.EventCount);
    }
}
