using System.CommandLine;
using System.Globalization;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Cli.Commands;

/// <summary>`charta verify` and `charta migrate`: the ledger file's integrity and its schema version.</summary>
public static class IntegrityCommands
{
    public static Command Verify(CliContext ctx)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("verify", "Recompute every event's SHA-256, the hash chain and the fold; exit 2 naming the first event that does not match.") { json };
        cmd.SetAction(p =>
        {
            var path = ctx.DbPath(p);
            using var store = CliContext.Require(SqliteEventStore.TryOpen(path));
            var (count, last) = CliContext.Require(store.VerifyChain());
            string? company = null, charter = null;
            long snapshot = 0;
            if (count > 0)
            {
                var folded = Fold.TryReplay(store.ReadAll());
                if (!folded.IsOk)
                    throw new CliRefusalException(new Refusal(folded.Refusal!.Field, folded.Refusal.Value,
                        $"the hash chain is intact but the fold refuses this event: {folded.Refusal.Reason}", folded.Refusal.Clause));
                company = folded.Value.Charter.Company;
                charter = folded.Value.CharterId;
                // The snapshot a read would use must give what the events give.
                var fromSnapshot = LedgerSnapshots.CapTable(store, null, out var use);
                if (use.FromSnapshot > 0 && (!fromSnapshot.IsOk
                        || System.Text.Json.JsonSerializer.Serialize(CapTableView.From(fromSnapshot.Value), CliContext.Json) != System.Text.Json.JsonSerializer.Serialize(CapTableView.From(folded.Value), CliContext.Json)))
                    throw new CliRefusalException(new Refusal("snapshot", $"after event #{use.FromSnapshot.ToString(CultureInfo.InvariantCulture)}",
                        "does not give the cap table the events give; the events are intact (this is a bug in Charta): report it; the next write replaces the snapshot"));
                snapshot = use.FromSnapshot;
            }

            if (p.GetValue(json))
                return ctx.WriteJson(new { db = path, intact = true, events = count, lastHash = count > 0 ? last : null, company, charter, schema = SqliteEventStore.SchemaVersion, snapshotAfterEvent = snapshot > 0 ? snapshot : (long?)null });
            ctx.Out.WriteLine(count == 0
                ? $"Verified {path}: no events yet; the file is a Charta ledger of schema {SqliteEventStore.SchemaVersion}."
                : $"Verified {path}: {count.ToString("N0", CultureInfo.InvariantCulture)} events, hash chain intact (last {last[..12]}), the fold accepts every event ({company}, charter {charter})" + (snapshot > 0 ? $"; the snapshot after event #{snapshot.ToString(CultureInfo.InvariantCulture)} agrees." : "."));
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Migrate(CliContext ctx)
    {
        var cmd = new Command("migrate", $"Upgrade a ledger made by an older Charta to schema {SqliteEventStore.SchemaVersion}, in one transaction (keep a copy first).");
        cmd.SetAction(p =>
        {
            var path = ctx.DbPath(p);
            var from = CliContext.Require(SqliteEventStore.Migrate(path));
            long count;
            using (var store = CliContext.Require(SqliteEventStore.TryOpen(path)))
                count = CliContext.Require(store.VerifyChain()).Events;
            ctx.Out.WriteLine($"Migrated {path} from schema {from} to schema {SqliteEventStore.SchemaVersion}: {count.ToString("N0", CultureInfo.InvariantCulture)} events hashed into the chain"
                              + (from < 2 ? "; who recorded them is unknown (schema 1 did not store it)." : "."));
            return Cli.Ok;
        });
        return cmd;
    }
}
