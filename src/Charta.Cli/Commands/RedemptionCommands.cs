using System.CommandLine;
using System.Globalization;
using Charta.Cli.Output;
using Charta.Core.Ledger;
using Charta.Core.Redemption;

namespace Charta.Cli.Commands;

/// <summary>
/// Redemption at the holder's option (the charter's redemption terms): `charta redeem request|pay|list`.
/// </summary>
public static class RedemptionCommands
{
    public static Command Redeem(CliContext ctx)
    {
        var cmd = new Command("redeem", "Redemption of preferred at the holder's option, where the charter grants it: a request, then its instalments.");
        cmd.Subcommands.Add(Request(ctx));
        cmd.Subcommands.Add(Pay(ctx));
        cmd.Subcommands.Add(List(ctx));
        return cmd;
    }

    private static Command Request(CliContext ctx)
    {
        var id = Parse.Required("--id", "An id for the request, e.g. RED-1.");
        var holder = Parse.Required("--holder", "The holder requiring redemption.");
        var series = Parse.Required("--series", "The preferred series.");
        var shares = Parse.Required("--shares", "The number of shares to redeem.");
        var date = Parse.Required("--date", "The date the request is received, YYYY-MM-DD.");
        var cmd = new Command("request", "Record a holder's request that the company redeem its shares; it fixes the Redemption Dates of the instalments.")
            { id, holder, series, shares, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new RedemptionRequested(Parse.Date(p, date), Parse.Text(p, id), Parse.Text(p, holder), Parse.Text(p, series), Parse.Shares(p, shares));
            var decision = ctx.Record(p, _ => [e], quiet: false);
            var r = decision.State.Redemptions[e.RequestId];
            var clause = decision.State.Charter.Redemption?.Instalments?.Clause ?? "";
            ctx.Out.WriteLine($"{(p.IsDryRun() ? "Would record" : "Recorded")} {r.Id}: {r.Holder} requires redemption of {Format.Shares(r.Shares)} {r.Series} (request of {Format.Date(r.RequestedOn)}).");
            ctx.Out.WriteLine($"Redemption Dates ({clause}): "
                              + string.Join(", ", Enumerable.Range(1, r.Instalments).Select(k => Format.Date(RedemptionRules.ScheduledDate(r, k)))) + ".");
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command Pay(CliContext ctx)
    {
        var id = Parse.Required("--id", "The redemption request (see 'charta redeem list').");
        var date = Parse.Required("--date", "The date the instalment is redeemed and paid, on or after its Redemption Date, YYYY-MM-DD.");
        var cmd = new Command("pay", "Redeem the next instalment of a request: the shares due leave the series at the Redemption Price on the date.") { id, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new RedemptionInstalmentPaid(Parse.Date(p, date), Parse.Text(p, id));
            var decision = ctx.Record(p, _ => [e], quiet: false);
            var r = decision.State.Redemptions[e.RequestId];
            var i = r.Paid[^1];
            var q = i.Quote;
            ctx.Out.WriteLine($"{(p.IsDryRun() ? "Would redeem" : "Redeemed")} instalment {i.Number} of {r.Instalments} of {r.Id} (due {Format.Date(i.Due)}): "
                              + $"{Format.Shares(i.Shares)} {r.Series} of {r.Holder} for {Format.Money(q.Amount)} ({q.Clause}).");
            var t = new TextTable("Part", "Amount").RightAlign(1);
            t.Row($"Original Issue Price {Format.Money(q.OriginalIssuePrice)} x {Format.Shares(q.Shares)}", Format.Money(q.Principal));
            t.Row("Dividends declared and unpaid", Format.Money(q.DeclaredUnpaid));
            t.Row($"Dividends accrued and unpaid to {Format.Date(q.AsOf)}", Format.Money(q.AccruedUnpaid));
            t.Row("Redemption Price", Format.Money(q.Amount));
            t.WriteTo(ctx.Out);
            ctx.Out.WriteLine($"Each part to the cent, half a cent away from zero. {Format.Shares(r.Shares - r.Redeemed)} shares of the request remain outstanding preferred.");
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command List(CliContext ctx)
    {
        var asOf = Parse.Optional("--as-of", "The date YYYY-MM-DD (default: today).");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("list", "The redemption requests: shares requested and redeemed, instalments paid, the next Redemption Date.") { asOf, json };
        cmd.SetAction(p =>
        {
            var on = Parse.OptionalDate(p, asOf) ?? ctx.Today;
            var table = ctx.Read(p, on);
            var rows = table.Redemptions.Values.OrderBy(r => r.RequestedOn).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            if (p.GetValue(json))
                return ctx.WriteJson(new
                {
                    asOf = Format.Date(on),
                    requests = rows.Select(r => new
                    {
                        id = r.Id, holder = r.Holder, series = r.Series, shares = r.Shares, requestedOn = Format.Date(r.RequestedOn), redeemed = r.Redeemed,
                        instalments = r.Instalments,
                        nextRedemptionDate = r.IsComplete ? null : Format.Date(RedemptionRules.ScheduledDate(r, r.Paid.Count + 1)),
                        paid = r.Paid.Select(i => new { number = i.Number, due = Format.Date(i.Due), paidOn = Format.Date(i.PaidOn), shares = i.Shares, amount = i.Quote.Amount, principal = i.Quote.Principal, declaredUnpaid = i.Quote.DeclaredUnpaid, accruedUnpaid = i.Quote.AccruedUnpaid, clause = i.Quote.Clause }),
                    }),
                });
            if (rows.Count == 0)
            {
                ctx.Out.WriteLine($"{table.Charter.Company}: no redemption requests as of {Format.Date(on)}.");
                return Cli.Ok;
            }

            var t = new TextTable("Request", "Holder", "Series", "Requested", "Redeemed", "Instalments paid", "Paid", "Next Redemption Date").RightAlign(3, 4, 5, 6);
            foreach (var r in rows)
                t.Row(r.Id, r.Holder, r.Series, Format.Shares(r.Shares), Format.Shares(r.Redeemed), $"{r.Paid.Count.ToString(CultureInfo.InvariantCulture)} of {r.Instalments.ToString(CultureInfo.InvariantCulture)}",
                    Format.Money(r.Paid.Sum(i => i.Quote.Amount)), r.IsComplete ? "-" : Format.Date(RedemptionRules.ScheduledDate(r, r.Paid.Count + 1)));
            t.WriteTo(ctx.Out);
            return Cli.Ok;
        });
        return cmd;
    }
}
