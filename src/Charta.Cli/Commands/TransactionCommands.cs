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
        [Issue(ctx), Grant(ctx), Exercise(ctx), Expire(ctx), Cancel(ctx), Transfer(ctx), Repurchase(ctx), Split(ctx), Amend(ctx)];

    private static Option<string> DateOption() => Parse.Required("--date", "Effective date YYYY-MM-DD.");

    public static Command Issue(CliContext ctx)
    {
        var holder = Parse.Required("--holder", "The stakeholder receiving the shares.");
        var security = Parse.Required("--security", "The class: common, a class of common (its id, on a charter with several) or a series id of the charter (A, B, C, D, D1 for Juniper). Alias --class.");
        security.Aliases.Add("--class");
        var shares = Parse.Required("--shares", "Number of shares.");
        var price = Parse.Required("--price", "Consideration per share (cash, or Board-determined fair value of property).");
        var date = DateOption();
        var consideration = new Option<string>("--consideration") { Description = "cash or property (valued as the charter's anti-dilution consideration rules say).", DefaultValueFactory = _ => "cash" };
        var exclusion = Parse.Optional("--exclusion", "An anti-dilution exclusion id of the charter (`charta charter show` lists them), e.g. employee-plan.");
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
        var security = new Option<string?>("--security") { Description = "The underlying class: common (default: the charter's first class of common), another class of common, or a series, for a warrant on preferred. Alias --class." };
        security.Aliases.Add("--class");
        var id = Parse.Optional("--id", "An id for the instrument (default: G-<n>).");
        var paid = Parse.Optional("--consideration", "What the company received for the instrument itself (counted toward its anti-dilution consideration); default 0.");
        var exclusion = Parse.Optional("--exclusion", "An anti-dilution exclusion id of the charter (`charta charter show` lists them), e.g. employee-plan.");
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
        var security = Parse.Required("--security", "common, a class of common or a series id. Alias --class.");
        security.Aliases.Add("--class");
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
        var security = new Option<string>("--security") { Description = "The charter's common (default), a class of common, or a preferred series for a negotiated repurchase of preferred. Alias --class." };
        security.Aliases.Add("--class");
        var shares = Parse.Required("--shares", "Number of shares.");
        var date = DateOption();
        var reason = Parse.Optional("--reason", "Why, e.g. 'unvested on termination'.");
        var price = Parse.Optional("--price", "Preferred: the price per share agreed.");
        var approval = Parse.Optional("--approval", "Preferred: the record of the Board's approval.");
        var consent = Parse.Optional("--consent", "Preferred: the preferred's consent, a consents file (CSV holder[,shares][,votes] or JSON) or 'RECORD: holder[=shares]; …'.");
        var reading = Parse.Optional("--reading", "Preferred, on a charter with no repurchase covenant: consent (default; the consent the charter needs to change the preferred's protections) or approval-only.");
        var cmd = new Command("repurchase", "Repurchase shares: common is cancelled; preferred is bought back by agreement, with the Board's approval and the preferred's consent the charter needs.")
            { holder, security, shares, date, reason, price, approval, consent, reading };
        cmd.Records();
        cmd.SetAction(p =>
        {
            var day = Parse.Date(p, date);
            var who = Parse.Text(p, holder);
            var n = Parse.Shares(p, shares);
            var decision = ctx.Record(p, table =>
            {
                // Without --security: the charter's (first) common class, whatever its id.
                var sec = p.GetValue(security) ?? table.Charter.Common.Id;
                if (table.Charter.FindSeries(sec) is null)
                {
                    foreach (var o in new[] { price, approval, consent, reading })
                        if (p.GetValue(o) is not null) throw Parse.Refuse(o.Name, p.GetValue(o)!, "applies to a repurchase of preferred only");
                    return [new SharesCancelled(day, who, sec, n, p.GetValue(reason))];
                }

                var px = Parse.Money("--price", p.GetValue(price) ?? throw Parse.Refuse("--price", "(none)", "is required for a repurchase of preferred"));
                var read = p.GetValue(reading);
                if (read is not (null or PreferredRepurchased.ConsentReading or PreferredRepurchased.ApprovalOnlyReading))
                    throw Parse.Refuse("--reading", read, $"must be {PreferredRepurchased.ConsentReading} or {PreferredRepurchased.ApprovalOnlyReading}");
                return [new PreferredRepurchased(day, who, sec, n, px, p.GetValue(approval) is { } a ? Parse.Text("--approval", a) : "",
                    GovernanceCommands.ConsentOption(p, consent), read)];
            }, quiet: false);
            ctx.Out.WriteLine(decision.Recorded[0].Event switch
            {
                PreferredRepurchased r => $"Repurchased {Format.Shares(r.Shares)} {r.Series} from {r.Holder} at {Format.Money(r.PricePerShare)} a share on {Format.Date(r.Date)}"
                                          + (r.Consent is { } c ? $", with the consent of {string.Join(", ", c.Holders.Select(h => h.Holder))} ({c.Text})." : "."),
                SharesCancelled e => $"Repurchased and cancelled {Format.Shares(e.Shares)} {e.Security} of {e.Holder} on {Format.Date(e.Date)}.",
                _ => "",
            });
            return Cli.Ok;
        });
        return cmd;
    }

    /// <summary>`charta amend authorized`: the charter's authorized numbers amended, with the consents its protective provisions need.</summary>
    public static Command Amend(CliContext ctx)
    {
        var common = Parse.Optional("--common", "The new number of common shares authorized.");
        var preferred = Parse.Optional("--preferred", "The new number of preferred shares authorized.");
        var total = Parse.Optional("--total", "The new total authorized (default: moves by the change in the common and the preferred).");
        var date = DateOption();
        var approval = Parse.Required("--approval", "The record of the amendment's approval and filing, e.g. 'Stockholders 2026-01-05; filed 2026-01-06'.");
        var consent = Parse.Optional("--consent", "The preferred's consent the charter needs: a consents file (CSV holder[,shares][,votes] or JSON) or 'RECORD: holder[=shares]; …'.");
        var authorized = new Command("authorized", "Amend the charter's authorized shares (e.g. more common, so the conversion reservation is covered).") { common, preferred, total, date, approval, consent };
        authorized.Records();
        authorized.SetAction(p =>
        {
            long? Count(Option<string?> o) => p.GetValue(o) is { } t ? Parse.ShareCount(o.Name, t) : null;
            var e = new AuthorizedSharesAmended(Parse.Date(p, date), Count(common), Count(preferred), Count(total), Parse.Text(p, approval), GovernanceCommands.ConsentOption(p, consent));
            if (e.Common is null && e.Preferred is null && e.Total is null) throw Parse.Refuse("--common", "(none)", "give --common, --preferred or --total");
            var table = ctx.Append(p, e);
            var a = table.Charter.Authorized;
            ctx.Out.WriteLine($"Amended the authorized shares on {Format.Date(e.Date)}: common {Format.Shares(a.Common.Value)}, preferred {Format.Shares(a.Preferred.Value)}, total {Format.Shares(a.Total.Value)} ({a.Total.Clause}).");
            return Cli.Ok;
        });
        var file = Parse.Required("--file", "The amended charter, a charter JSON file (start from 'charta charter export').");
        var reason = Parse.Required("--reason", "What the amendment does, e.g. 'Series D liquidation multiple 1.5x'.");
        var chartDate = DateOption();
        var chartApproval = Parse.Required("--approval", "The record of the amendment's approval and filing, e.g. 'Stockholders 2026-01-05; filed 2026-01-06'.");
        var chartConsent = Parse.Optional("--consent", "The preferred's consent the charter needs: a consents file (CSV holder[,shares][,votes] or JSON) or 'RECORD: holder[=shares]; …'.");
        var charter = new Command("charter", "Amend the charter's terms: add series or change an existing series' terms, with the consents its protective provisions need (a change of a series' terms is read as adverse to it).")
            { file, reason, chartDate, chartApproval, chartConsent };
        charter.Records(restate: false);
        charter.SetAction(p =>
        {
            var path = p.GetValue(file)!;
            if (!File.Exists(path)) throw Parse.Refuse("--file", path, "no such file; write one with 'charta charter export --out FILE' and edit it");
            var json = File.ReadAllText(path);
            var e = new CharterAmended(Parse.Date(p, chartDate), json, Parse.Text(p, reason), Parse.Text(p, chartApproval), GovernanceCommands.ConsentOption(p, chartConsent), true);
            ctx.Append(p, e);
            ctx.Out.WriteLine($"Amended the charter on {Format.Date(e.Date)}: {e.Reason}" + (e.Consent is { } c ? $", with the consent of {string.Join(", ", c.Holders.Select(h => h.Holder))} ({c.Text})." : "."));
            return Cli.Ok;
        });
        return new Command("amend", "Amend the charter (recorded as a ledger event).") { authorized, charter };
    }

    public static Command Split(CliContext ctx)
    {
        var ratio = Parse.Required("--ratio", "NEW:OLD, e.g. 3:1 for a three-for-one split or 1:2 for a combination.");
        var date = DateOption();
        var cmd = new Command("split", "Subdivide or combine the common stock (every conversion price adjusts proportionately, as the charter says).") { ratio, date };
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
            ctx.Out.WriteLine($"Recorded a {n}:{d} {(n > d ? "subdivision" : "combination")} of the common on {Format.Date(e.Date)}. Conversion prices now{CliLedgerExtensions.Cited(table.Charter, table.Charter.Conversion?.SplitAdjustment?.Clause)}:");
            ctx.WriteConversionPrices(table);
            return Cli.Ok;
        });
        return cmd;
    }
}
