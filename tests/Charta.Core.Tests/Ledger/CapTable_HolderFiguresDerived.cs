using Charta.Core.Charter;
using Charta.Core.Ledger;
using CsCheck;
using static Charta.Core.Tests.Ledger.TestLedger;

namespace Charta.Core.Tests.Ledger;

/// <summary>
/// A table evolved from another derives its per-holder rows and each series' sum as converted (§6(g)(i), rounded down
/// per position) from that table's, reading again only the holders the events touched (CapTable.Holders.cs). Whatever
/// the events (issues, transfers, grants, exercises, conversions, splits, refused ones skipped), the derived figures
/// equal the ones built from every position of the same state.
/// </summary>
public class CapTable_HolderFiguresDerived
{
    private static void AssertSameAsBuiltFromEveryPosition(CapTable derived)
    {
        var fresh = new CapTable(derived.State, derived.AsOf); // no lineage: one pass over every position
        var (ids, rows) = derived.PositionsByHolder();
        var (freshIds, freshRows) = fresh.PositionsByHolder();
        Assert.Equal(freshIds, ids);
        Assert.Equal(freshRows.Keys.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (h, row) in freshRows) Assert.Equal(row, rows[h]);
        foreach (var s in derived.Charter.Series) Assert.Equal(fresh.ClassAsConverted(s.Id), derived.ClassAsConverted(s.Id));
    }

    [Theory]
    [MemberData(nameof(Charter.EmbeddedCharters.Ids), MemberType = typeof(Charter.EmbeddedCharters))]
    public void Fourth_6g_i_DerivedRowsAndSums_EqualEveryPosition(string charter)
    {
        var classes = CharterLoader.LoadEmbedded(charter).ClassIds.ToArray();
        // The bool: whether the table evolved from has built its figures (else the next one builds from every position).
        LedgerInvariantProperties.Command.Select(Gen.Bool).Array[1, 40].Sample(commands =>
        {
            var state = Embedded(charter, null, LedgerInvariantProperties.Holders).Table();
            var grants = 0;
            var sequence = 1_000L;
            foreach (var (cmd, built) in commands)
            {
                if (built) AssertSameAsBuiltFromEveryPosition(state);
                var e = new RecordedEvent(sequence++, DateTimeOffset.UnixEpoch, LedgerInvariantProperties.ToEvent(classes, cmd, grants));
                if (Fold.Decide(state, e) is not null) continue;
                if (e.Event is InstrumentGranted) grants++;
                state = Fold.EvolveDecided(state, e);
            }

            AssertSameAsBuiltFromEveryPosition(state);
        }, iter: 100);
    }

    [Fact]
    public void Fourth_6g_i_AHolderWhoseLastSharesGo_LeavesTheRows()
    {
        // h0 holds 1,000 common; a transfer of all 1,000 to h1 leaves h0 no row and h1 one of 1,000 (derived from the
        // table before, whose rows were built).
        var l = Embedded(CharterLoader.DefaultCharterId, null, ["h0", "h1"]);
        Assert.Null(l.TryAdd(new SharesIssued(D("1996-03-01"), "h0", "common", 1_000, 0.5m)));
        var before = l.Table();
        _ = before.PositionsByHolder();
        var after = Fold.EvolveDecided(before, new RecordedEvent(9_999, DateTimeOffset.UnixEpoch, new SharesTransferred(D("1996-03-02"), "h0", "h1", "common", 1_000)));
        var (ids, rows) = after.PositionsByHolder();
        Assert.False(rows.ContainsKey("h0"));
        Assert.Equal(1_000, rows["h1"][Array.IndexOf(ids, "common")]);
        Assert.True(before.PositionsByHolder().ByHolder.ContainsKey("h0")); // the table before is unchanged
    }
}
