using System.CommandLine;
using Charta.Cli.Output;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Cli.Commands;

/// <summary>`charta captable` and `charta log`: reading the ledger.</summary>
public static class CapTableCommands
{
    public static Command CapTable(CliContext ctx)
    {
        var asOf = Parse.Optional("--as-of", "Fold the ledger to this date YYYY-MM-DD (default: today); shown in the output.");
        var json = new Option<bool>("--json") { Description = "Print JSON (every instrument, always)." };
        var instruments = new Option<bool>("--instruments")
        {
            Description = $"List every option, warrant and convertible (by default the text lists them when there are at most {CapTableViewText.ListedInstruments}; their totals are always shown).",
        };
        var cmd = new Command("captable", "Show the cap table: outstanding, as converted and fully diluted.") { asOf, json, instruments };
        cmd.SetAction(p =>
        {
            var table = ctx.Read(p, Parse.OptionalDate(p, asOf) ?? ctx.Today);
            if (p.GetValue(json)) return ctx.WriteJson(CapTableView.From(table));
            var list = p.GetValue(instruments) || table.InstrumentCount <= CapTableViewText.ListedInstruments;
            var view = CapTableView.From(table, instrumentRows: list);
            // Rendered in memory and written at once: 10,000 holders are 20,000+ lines, and the console flushes each line.
            var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            view.WriteText(text, table.Charter, list ? 0 : table.InstrumentCount);
            WriteLapsed(text, table, list);
            ctx.Out.Write(text.GetStringBuilder());
            return Cli.Ok;
        });
        return cmd;
    }

    /// <summary>Instruments past their expiry with no expire event: not outstanding on the table's date (docs/interpretations.md, "Expired instruments").</summary>
    public static void WriteLapsed(TextWriter w, CapTable table, bool list = true)
    {
        var lapsed = table.LapsedInstruments.ToList();
        if (lapsed.Count == 0) return;
        w.WriteLine();
        if (!list && lapsed.Count > CapTableViewText.ListedInstruments)
        {
            w.WriteLine($"Not outstanding on {Format.Date(table.AsOf!.Value)}: {Format.Shares(lapsed.Count)} instruments past their expiry, with no expiry recorded (record it with 'charta expire'); list them with --instruments.");
            return;
        }

        lapsed.Sort((a, b) => string.CompareOrdinal(a.GrantId, b.GrantId));
        w.WriteLine($"Not outstanding on {Format.Date(table.AsOf!.Value)}: past their expiry, with no expiry recorded (record it with 'charta expire'):");
        foreach (var i in lapsed)
            w.WriteLine($"  {i.GrantId} ({i.Holder}): {Format.Shares(i.Outstanding)} shares, expired {Format.Date(i.Expires!.Value)}");
    }

    public static Command Log(CliContext ctx)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (each event with its stored name, version, payload, who recorded it and its chain hash)." };
        var cmd = new Command("log", "List the ledger's events in fold order (effective date, then recording order).") { json };
        cmd.SetAction(p =>
        {
            var asJson = p.GetValue(json);
            var events = asJson ? ctx.EventsWithIntegrity(p) : ctx.Events(p);
            // A voided event stays in the log, marked with the event that voided it.
            var voidedBy = new Dictionary<long, long>();
            foreach (var r in events)
                if (r.Event is EventVoided v) voidedBy[v.Event] = r.Sequence;
            if (p.GetValue(json))
                return ctx.WriteJson(LedgerViews.Log(events));
            var t = new TextTable("#", "Date", "Event", "Details").RightAlign(0);
            foreach (var r in events)
                t.Row(r.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Event.IsRegistry ? "-" : Format.Date(r.Date),
                    EventSerializer.Serialize(r.Event).Name,
                    (voidedBy.TryGetValue(r.Sequence, out var v2) ? $"[VOIDED by #{v2.ToString(System.Globalization.CultureInfo.InvariantCulture)}] " : "") + Describe(r.Event));
            t.WriteTo(ctx.Out);
            return Cli.Ok;
        });
        return cmd;
    }

    /// <summary>`charta void --event N --reason TEXT`: records that event N was recorded in error; it no longer folds.</summary>
    public static Command Void(CliContext ctx)
    {
        var number = Parse.Required("--event", "The number of the event to void (the # column of 'charta log').");
        var reason = Parse.Required("--reason", "Why the event is void, e.g. 'entered twice'.");
        var cmd = new Command("void", "Void an event recorded in error: it stays in the log, marked, and no longer folds. Refused while a later event depends on it.") { number, reason };
        cmd.Records(restate: false);
        cmd.SetAction(p =>
        {
            var text = Parse.Text(p, number);
            if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0)
                throw Parse.Refuse("--event", text, "must be an event number from 'charta log'");
            var why = Parse.Text(p, reason).Trim();
            var target = ctx.Events(p).FirstOrDefault(r => r.Sequence == n);
            var decision = ctx.Record(p, new EventVoided(ctx.Today, n, why));
            var what = target is null ? "" : $" ({EventSerializer.Serialize(target.Event).Name}{(target.Event.IsRegistry ? "" : ", " + Format.Date(target.Date))}: {Describe(target.Event)})";
            ctx.Out.WriteLine($"{(p.IsDryRun() ? "Would void" : "Voided")} event {n.ToString(System.Globalization.CultureInfo.InvariantCulture)}{what}: {why}.");
            ctx.Out.WriteLine($"Recorded as event {decision.Recorded[0].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(p.IsDryRun() ? " (not written)" : "")}; the cap table now folds without it.");
            return Cli.Ok;
        });
        return cmd;
    }

    public static string Describe(LedgerEvent e) => e switch
    {
        CompanyCreated x => $"company on charter {x.CharterId}" + (x.IncorporatedOn is { } d ? $", incorporated {Format.Date(d)}" : ""),
        StakeholderAdded x => x.Name + (x.Kind is { } k ? $" ({k})" : ""),
        SharesIssued x => $"{Format.Shares(x.Shares)} {x.Security} to {x.Holder} at {Format.Money(x.PricePerShare)}" + (x.ConsiderationKind != "cash" ? $" ({x.ConsiderationKind})" : "") + (x.Exclusion is { } ex ? $" [excluded: {ex}]" : ""),
        InstrumentGranted x => $"{x.GrantId}: {x.Kind} over {Format.Shares(x.MaxShares)} {x.Underlying} to {x.Holder} at {Format.Money(x.ExercisePrice)}" + (x.Expires is { } ed ? $", expires {Format.Date(ed)}" : "") + (x.Exclusion is { } ex2 ? $" [excluded: {ex2}]" : ""),
        InstrumentExercised x => $"{x.GrantId}: {Format.Shares(x.Shares)} exercised",
        InstrumentExpired x => $"{x.GrantId}: unexercised balance expired",
        InstrumentCancelled x => $"{x.GrantId}: {Format.Shares(x.Shares)} cancelled" + (x.Reason is { } r ? $" ({r})" : ""),
        SharesTransferred x => $"{Format.Shares(x.Shares)} {x.Security} from {x.From} to {x.To}",
        SharesCancelled x => $"{Format.Shares(x.Shares)} {x.Security} of {x.Holder} repurchased and cancelled" + (x.Reason is { } r2 ? $" ({r2})" : ""),
        PreferredConverted x => $"{x.Holder} converts " + string.Join(" + ", x.Lots.Select(l => $"{Format.Shares(l.Shares)} {l.Series}")) + $" ({x.Mode})"
                                + (x.CommonIssued is { } ci ? $": {Format.Shares(ci)} common issued, {Format.Money(x.CashForFraction ?? 0m)} for the fraction" : ""),
        ConversionCorrected x => $"correction of event {x.Event.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Format.Shares(x.AdditionalCommon)} more common to {x.Holder}, {Format.Money(x.CashAdjustment)} cash for the fraction ({x.Reason})",
        DividendCorrected x => $"correction of event {x.Event.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Format.Money(x.Amount)} more dividend to {x.Holder} ({x.Reason})",
        EventVoided x => $"voids event {x.Event.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {x.Reason}",
        StockSplit x => $"{x.Numerator}:{x.Denominator} {(x.Numerator > x.Denominator ? "subdivision" : "combination")} of the common",
        AuthorizedSharesChanged x => $"authorized {(x.Class ?? "total")} shares set to {Format.Shares(x.Shares)}" + (x.Approval is { } ap ? $" ({ap})" : ""),
        ConversionPriceSet x => $"conversion price of {x.Series} set to {Format.Money(x.Price)} ({x.Clause}: {x.Reason})",
        VestingScheduled x => $"{x.GrantId}: vests {Format.Shares(x.Tranches.Sum(t => t.Shares))} in {x.Tranches.Count} tranche(s)" + (x.Terms is { } vt ? $" ({vt})" : ""),
        VestingAccelerated x => $"{x.GrantId}: {Format.Shares(x.Shares)} vest at once" + (x.Reason is { } vr ? $" ({vr})" : ""),
        PlanReserveSet x => $"plan {x.Name} reserves {Format.Shares(x.Shares)} {x.Class}",
        ConvertibleIssued x => $"{x.Id}: {x.Type} for {Format.Money(x.Amount)} to {x.Holder}",
        ConvertibleClosed x => $"{x.Id}: {x.Outcome}",
        CharterAmended x => x.Reason + (x.Approval is { } ap ? $" ({ap})" : ""),
        SharesReissued x => $"{Format.Shares(x.Shares)} {x.Security} of {x.Holder} reissued" + (x.Reason is { } rr ? $" ({rr})" : ""),
        InstrumentRepriced x => $"{x.GrantId}: repriced to {Format.Money(x.ExercisePrice)}" + (x.Outstanding is { } o ? $", {Format.Shares(o)} shares" : ""),
        RegistrationFiled x => $"registration statement filed ({x.Kind})" + (x.Reference is { } rf ? $" {rf}" : ""),
        PublicOfferingClosed x => $"public offering closed at {Format.Money(x.PricePerShare)}, proceeds {Format.Money(x.AggregateProceeds)} ({x.Kind})"
                                  + (x.SharesSold is { } ss ? $", {Format.Shares(ss)} common sold to {x.PublicHolder ?? PublicOfferingClosed.DefaultPublicHolder}" : "")
                                  + (x.Conversions is { Count: > 0 } pc ? $"; {Format.Shares(pc.Sum(c => c.CommonIssued))} common issued on conversion to {pc.Count} holder(s)" : ""),
        PreferredConversionVoted x => $"preferred vote to convert: {Format.Shares(x.SharesInFavour)} shares in favour ({x.Approval})"
                                      + (x.Conversions is { Count: > 0 } vc ? $"; {Format.Shares(vc.Sum(c => c.CommonIssued))} common issued to {vc.Count} holder(s)" : ""),
        SeriesConversionVoted x => $"Series {x.Series} vote to convert: {Format.Shares(x.SharesInFavour)} shares in favour ({x.Approval})"
                                   + (x.Conversions is { Count: > 0 } sc ? $"; {Format.Shares(sc.Sum(c => c.CommonIssued))} common issued to {sc.Count} holder(s)" : ""),
        QualifiedFinancingClosed x => $"qualified financing {x.Financing} ({x.Designation}): {x.Takeup.Count(t => t.Plays)} of {x.Takeup.Count} holder(s) bought their pro rata share"
                                      + (x.Conversions is { Count: > 0 } qc ? $"; {Format.Shares(qc.Sum(c => c.CommonIssued))} common issued on conversion to {qc.Count} holder(s) who did not" : ""),
        OtherSecuritiesDistributed x => $"{x.AmountPerCommonShare} {x.Security} per common share distributed",
        CommonReclassified x => $"common reclassified into {x.SharesPerCommonShare} {x.NewClass} per share",
        SharesIssuedForMixedConsideration x => $"{Format.Shares(x.Shares)} common to {x.Holder} with {x.OtherItems} for {Format.Money(x.TotalConsideration)}, {Format.Money(x.AllocatedToCommon)} allocated to the common ({x.Approval})",
        DividendDeclared x => $"{x.DividendId}: " + (x.Kind == "cash" ? $"{Format.Money(x.Amount)} cash dividend" : $"{Format.Shares((long)x.Amount)} common per {Format.Shares(x.StockPerShares)} held") + (x.PayDate is { } pd ? $", payable {Format.Date(pd)}" : "")
                              + (x.Payees is { Count: > 0 } py ? $" to {py.Count} payee(s)" : ""),
        DividendPaid x => $"{x.DividendId}: paid",
        DividendPaidInKind x => $"Series {x.Series} dividends paid in kind" + (x.Issued is { } pik ? $": {Format.Shares(pik.Sum(i => i.Shares))} shares to {pik.Count(i => i.Shares > 0)} holder(s)" : ""),
        RedemptionRequested x => $"{x.RequestId}: {x.Holder} requires redemption of {Format.Shares(x.Shares)} {x.Series}",
        RedemptionInstalmentPaid x => $"{x.RequestId}: next redemption instalment paid",
        PreferredRepurchased x => $"{Format.Shares(x.Shares)} {x.Series} repurchased from {x.Holder} at {Format.Money(x.PricePerShare)} ({x.Approval})"
                                  + (x.Consent is { } c ? $"; consent: {c.Text} ({string.Join(", ", c.Holders.Select(h => h.Holder + (h.Shares is { } n ? $" {Format.Shares(n)}" : "")))})" : "")
                                  + (x.Reading is { } rd ? $" [reading {rd}]" : ""),
        DeemedLiquidationClosed x => $"deemed liquidation closed: {Format.Money(x.Consideration)} to {x.Payouts?.Count ?? 0} holders ({x.Approval})"
                                     + (x.Consent is { } dc ? $"; consent: {dc.Text}" : ""),
        AuthorizedSharesAmended x => "authorized shares amended:" + (x.Common is { } ac ? $" common {Format.Shares(ac)}" : "") + (x.Preferred is { } ap2 ? $" preferred {Format.Shares(ap2)}" : "")
                                     + (x.Total is { } at ? $" total {Format.Shares(at)}" : "") + $" ({x.Approval})"
                                     + (x.Consent is { } c2 ? $"; consent: {c2.Text} ({string.Join(", ", c2.Holders.Select(h => h.Holder + (h.Shares is { } n2 ? $" {Format.Shares(n2)}" : "")))})" : ""),
        _ => e.GetType().Name,
    };
}
