using System.CommandLine;
using Charta.Cli.Output;
using Charta.Core.Ledger;

namespace Charta.Cli.Commands;

/// <summary>
/// The verbs that record cap-table transactions: issue, grant, exercise, expire, cancel, transfer, repurchase, split.
/// Each builds one event; the core validates it against the charter as of its date and every later state.
/// </summary>
public static class TransactionCommands
{
    public static IEnumerable<Command> All(CliContext ctx) =>
        [Issue(ctx), Grant(ctx), Exercise(ctx), Expire(ctx), Cancel(ctx), Transfer(ctx), Repurchase(ctx), Split(ctx)];

    private static Option<string> DateOption() => Parse.Required("--date", "Effective date YYYY-MM-DD.");

    public static Command Issue(CliContext ctx)
    {
        var holder = Parse.Required("--holder", "The stakeholder receiving the shares.");
        var security = Parse.Required("--security", "common or a series id of the charter (A, B, C, D, D1 for Juniper).");
        var shares = Parse.Required("--shares", "Number of shares.");
        var price = Parse.Required("--price", "Consideration per share (cash, or Board-determined fair value of property).");
        var date = DateOption();
        var consideration = new Option<string>("--consideration") { Description = "cash or property (FOURTH §6(d)(v)(A)).", DefaultValueFactory = _ => "cash" };
        var exclusion = Parse.Optional("--exclusion", "An anti-dilution exclusion id of the charter (FOURTH §6(d)(i)(D)), e.g. employee-plan, equipment-lease.");
        var approval = Parse.Optional("--approval", "The approval record an exclusion needs, e.g. 'Board resolution 1999-04-02'.");
        var cmd = new Command("issue", "Issue shares of common or of a preferred series.") { holder, security, shares, price, date, consideration, exclusion, approval };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new SharesIssued(Parse.Date(p, date), Parse.Text(p, holder), Parse.Text(p, security), Parse.Shares(p, shares),
                Parse.Money(p, price), p.GetValue(consideration)!, p.GetValue(exclusion), p.GetValue(approval));
            ctx.Append(p, e);
            ctx.Out.WriteLine($"Issued {Format.Shares(e.Shares)} {e.Security} to {e.Holder} at {Format.Money(e.PricePerShare)} on {Format.Date(e.Date)}.");
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Grant(CliContext ctx)
    {
        var holder = Parse.Required("--holder", "The stakeholder receiving the instrument.");
        var kind = new Option<string>("--kind") { Description = "option, warrant or convertible (over a fixed number of shares), or note or safe (converting in a financing; see charta model round).", Required = true };
        kind.AcceptOnlyFromAmong("option", "warrant", "convertible", "note", "safe");
        var shares = Parse.Optional("--shares", "Maximum number of shares issuable (option, warrant, convertible).");
        var price = Parse.Optional("--price", "Exercise or conversion price per share (option, warrant, convertible).");
        var amount = Parse.Optional("--amount", "A note's principal or a SAFE's purchase amount.");
        var cap = Parse.Optional("--cap", "A note's or SAFE's valuation cap.");
        var discount = Parse.Optional("--discount", "A note's or SAFE's discount to the round price, in percent (e.g. 20).");
        var rate = Parse.Optional("--rate", "A note's annual interest rate, in percent (default 0).");
        var interest = Parse.Optional("--interest", "A note's interest: simple (default) or compound (annually).");
        var dayCount = Parse.Optional("--day-count", "A note's day count: actual/365 (default) or 30/360.");
        var safeKind = Parse.Optional("--safe-kind", "A SAFE's form: post-money (default) or pre-money.");
        var mfn = new Option<bool>("--mfn") { Description = "A SAFE with a most-favoured-nation clause." };
        var date = DateOption();
        var expires = Parse.Optional("--expires", "Expiry date YYYY-MM-DD.");
        var security = new Option<string?>("--security") { Description = "The underlying class: common (default) or a series, for a warrant on preferred." };
        var id = Parse.Optional("--id", "An id for the instrument (default: G-<n>).");
        var paid = Parse.Optional("--consideration", "What the company received for the instrument itself (FOURTH §6(d)(v)(B)(1)); default 0.");
        var exclusion = Parse.Optional("--exclusion", "An anti-dilution exclusion id, e.g. employee-plan (FOURTH §6(d)(i)(D)(2)) or equipment-lease (§6(d)(i)(D)(5)).");
        var approval = Parse.Optional("--approval", "The approval record an exclusion needs.");
        var cmd = new Command("grant", "Grant an option, or issue a warrant or convertible security.") { holder, kind, shares, price, date, expires, security, id, paid, exclusion, approval, amount, cap, discount, rate, interest, dayCount, safeKind, mfn };
        cmd.Records();
        cmd.SetAction(p =>
        {
            // Without --id, the next free G-<n> is picked against the state inside the write transaction, so two
            // grants recorded at once cannot collide.
            var day = Parse.Date(p, date);
            if (p.GetValue(kind) is "note" or "safe") return GrantConvertible(ctx, p, day, holder, kind, id, amount, cap, discount, rate, interest, dayCount, safeKind, mfn);
            var (n, px, until, paidFor) = (Parse.Shares("--shares", p.GetValue(shares) ?? throw Parse.Refuse("--shares", "(none)", "is required for an option, warrant or convertible")),
                Parse.Money("--price", p.GetValue(price) ?? throw Parse.Refuse("--price", "(none)", "is required for an option, warrant or convertible")),
                Parse.OptionalDate(p, expires), Parse.OptionalMoney(p, paid) ?? 0m);
            var decision = ctx.Record(p, table =>
            {
                var grantId = p.GetValue(id) ?? table.NextFreeInstrumentId();
                return [new InstrumentGranted(day, grantId, Parse.Text(p, holder), p.GetValue(kind)!, p.GetValue(security) ?? table.Charter.Common.Id,
                    n, px, until, paidFor, p.GetValue(exclusion), p.GetValue(approval))];
            }, quiet: false);
            var e = (InstrumentGranted)decision.Recorded[0].Event;
            var grantId = e.GrantId;
            ctx.Out.WriteLine($"Granted {grantId}: {e.Kind} over {Format.Shares(e.MaxShares)} {e.Underlying} to {e.Holder} at {Format.Money(e.ExercisePrice)}"
                              + (e.Expires is { } x ? $", expiring {Format.Date(x)}." : "."));
            return Cli.Ok;
        });
        return cmd;
    }

    /// <summary>`grant --kind note|safe`: a convertible-issued event with its conversion terms (read by `charta model round`).</summary>
    private static int GrantConvertible(CliContext ctx, ParseResult p, DateOnly day, Option<string> holder, Option<string> kind, Option<string?> id,
        Option<string?> amount, Option<string?> cap, Option<string?> discount, Option<string?> rate, Option<string?> interest, Option<string?> dayCount,
        Option<string?> safeKind, Option<bool> mfn)
    {
        var k = p.GetValue(kind)!;
        var money = Parse.Money("--amount", p.GetValue(amount) ?? throw Parse.Refuse("--amount", "(none)", $"is required for a {k}"));
        if (money <= 0) throw Parse.Refuse("--amount", p.GetValue(amount)!, "must be positive");
        var terms = new ConvertibleTerms(k, Parse.OptionalMoney(p, cap), p.GetValue(discount) is { } d ? Parse.Money("--discount", d.TrimEnd('%')) : null,
            p.GetValue(rate) is { } r ? Parse.Money("--rate", r.TrimEnd('%')) : 0m, p.GetValue(interest) ?? "simple", p.GetValue(dayCount) ?? "actual/365",
            p.GetValue(safeKind) ?? "post-money", p.GetValue(mfn));
        var decision = ctx.Record(p, table =>
        {
            var grantId = p.GetValue(id) ?? table.NextFreeInstrumentId();
            return [new ConvertibleIssued(day, grantId, Parse.Text(p, holder), money, k, terms)];
        }, quiet: false);
        var e = (ConvertibleIssued)decision.Recorded[0].Event;
        ctx.Out.WriteLine($"Issued {e.Id}: {k} for {Format.Money(e.Amount)} to {e.Holder}"
                          + (terms.Cap is { } c ? $", cap {Format.Money(c)}" : "") + (terms.DiscountPercent is { } dd ? $", discount {dd}%" : "")
                          + (k == "note" ? $", {terms.RatePercent}% {terms.Interest} ({terms.DayCount})" : $", {terms.SafeKind}{(terms.Mfn ? ", MFN" : "")}") + ".");
        return Cli.Ok;
    }

    public static Command Exercise(CliContext ctx)
    {
        var id = Parse.Required("--id", "The instrument id (see 'charta captable').");
        var shares = Parse.Required("--shares", "Number of shares to exercise.");
        var date = DateOption();
        var cmd = new Command("exercise", "Exercise an option or warrant, or convert a convertible security.") { id, shares, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new InstrumentExercised(Parse.Date(p, date), Parse.Text(p, id), Parse.Shares(p, shares));
            ctx.Append(p, e);
            ctx.Out.WriteLine($"Exercised {Format.Shares(e.Shares)} shares of {e.GrantId} on {Format.Date(e.Date)}.");
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Expire(CliContext ctx)
    {
        var id = Parse.Required("--id", "The instrument id.");
        var date = DateOption();
        var cmd = new Command("expire", "Record the expiry of an instrument's unexercised balance.") { id, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new InstrumentExpired(Parse.Date(p, date), Parse.Text(p, id));
            ctx.Append(p, e);
            ctx.Out.WriteLine($"Recorded the expiry of {e.GrantId} on {Format.Date(e.Date)}.");
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Cancel(CliContext ctx)
    {
        var id = Parse.Required("--id", "The instrument id.");
        var shares = Parse.Required("--shares", "Number of unexercised shares to cancel.");
        var date = DateOption();
        var reason = Parse.Optional("--reason", "Why, e.g. 'forfeited on termination'.");
        var cmd = new Command("cancel", "Cancel part or all of an instrument's unexercised balance.") { id, shares, date, reason };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new InstrumentCancelled(Parse.Date(p, date), Parse.Text(p, id), Parse.Shares(p, shares), p.GetValue(reason));
            ctx.Append(p, e);
            ctx.Out.WriteLine($"Cancelled {Format.Shares(e.Shares)} shares of {e.GrantId} on {Format.Date(e.Date)}.");
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Transfer(CliContext ctx)
    {
        var from = Parse.Required("--from", "The holder transferring.");
        var to = Parse.Required("--to", "The holder receiving.");
        var security = Parse.Required("--security", "common or a series id.");
        var shares = Parse.Required("--shares", "Number of shares.");
        var date = DateOption();
        var cmd = new Command("transfer", "Transfer shares between holders.") { from, to, security, shares, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new SharesTransferred(Parse.Date(p, date), Parse.Text(p, from), Parse.Text(p, to), Parse.Text(p, security), Parse.Shares(p, shares));
            ctx.Append(p, e);
            ctx.Out.WriteLine($"Transferred {Format.Shares(e.Shares)} {e.Security} from {e.From} to {e.To} on {Format.Date(e.Date)}.");
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Repurchase(CliContext ctx)
    {
        var holder = Parse.Required("--holder", "The holder whose shares are repurchased.");
        var security = new Option<string>("--security") { Description = "The class; preferred is not redeemable (FOURTH §5).", DefaultValueFactory = _ => "common" };
        var shares = Parse.Required("--shares", "Number of shares.");
        var date = DateOption();
        var reason = Parse.Optional("--reason", "Why, e.g. 'unvested on termination (FOURTH §4(e))'.");
        var cmd = new Command("repurchase", "Repurchase and cancel shares (e.g. unvested employee common).") { holder, security, shares, date, reason };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var e = new SharesCancelled(Parse.Date(p, date), Parse.Text(p, holder), p.GetValue(security)!, Parse.Shares(p, shares), p.GetValue(reason));
            ctx.Append(p, e);
            ctx.Out.WriteLine($"Repurchased and cancelled {Format.Shares(e.Shares)} {e.Security} of {e.Holder} on {Format.Date(e.Date)}.");
            return Cli.Ok;
        });
        return cmd;
    }

    public static Command Split(CliContext ctx)
    {
        var ratio = Parse.Required("--ratio", "NEW:OLD, e.g. 3:1 for a three-for-one split or 1:2 for a combination.");
        var date = DateOption();
        var cmd = new Command("split", "Subdivide or combine the common stock (FOURTH §6(e)(i) adjusts every conversion price).") { ratio, date };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var given = Parse.Text(p, ratio);
            var (n, d) = Parse.Ratio("--ratio", given);
            var e = new StockSplit(Parse.Date(p, date), n, d);
            CapTable table;
            try
            {
                table = ctx.Append(p, e);
            }
            catch (CliRefusalException r) when (r.Refusal.Field == "ratio")
            {
                // The fold names the field "ratio" with the shares it counted (0 for a split); the user gave a ratio.
                throw new CliRefusalException(r.Refusal with { Field = "--ratio", Value = given });
            }
            ctx.Out.WriteLine($"Recorded a {n}:{d} {(n > d ? "subdivision" : "combination")} of the common on {Format.Date(e.Date)}. Conversion prices now (FOURTH §6(e)(i)):");
            ctx.WriteConversionPrices(table);
            return Cli.Ok;
        });
        return cmd;
    }
}
