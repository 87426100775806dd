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
}
