using System.CommandLine;
using Charta.Core.Ledger;

namespace Charta.Cli;

public static class CliLedgerExtensions
{
    /// <summary>Validates the events against the ledger and writes them in one transaction; a refusal writes nothing.</summary>
    public static CapTable Append(this CliContext ctx, ParseResult p, params LedgerEvent[] events)
    {
        var ledger = ctx.OpenLedger(p);
        using var _ = ledger.Store;
        return CliContext.Require(ledger.Append(events));
    }

    /// <summary>The cap table as of a date (null: every event).</summary>
    public static CapTable Read(this CliContext ctx, ParseResult p, DateOnly? asOf)
    {
        var ledger = ctx.OpenLedger(p);
        using var _ = ledger.Store;
        return ctx.Load(ledger, asOf);
    }

    /// <summary>One line per series: the conversion price in effect, after a verb that may have moved it.</summary>
    public static void WriteConversionPrices(this CliContext ctx, CapTable table)
    {
        foreach (var s in table.Charter.Series)
            ctx.Out.WriteLine($"  {s.Id,-4} {Output.Format.Price(table.ConversionPrice(s.Id))}");
    }

    /// <summary>All recorded events in fold order, each with its chain hash and who recorded it.</summary>
    public static IReadOnlyList<RecordedEvent> EventsWithIntegrity(this CliContext ctx, ParseResult p)
    {
        var ledger = ctx.OpenLedger(p);
        using var _ = ledger.Store;
        return LedgerOrder.Sort(ledger.Store.ReadAll(withIntegrity: true));
    }

    /// <summary>All recorded events, in fold order.</summary>
    public static IReadOnlyList<RecordedEvent> Events(this CliContext ctx, ParseResult p)
    {
        var ledger = ctx.OpenLedger(p);
        using var _ = ledger.Store;
        return LedgerOrder.Sort(ledger.Events());
    }
}
