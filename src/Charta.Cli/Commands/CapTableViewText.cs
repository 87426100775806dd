using Charta.Cli.Output;

namespace Charta.Cli.Commands;

/// <summary>The text rendering of the cap table view (its JSON shape lives in Charta.Views, shared with the server).</summary>
public static class CapTableViewText
{
    /// <summary>
    /// Up to this many options, warrants and convertibles the text cap table lists them one by one; beyond, it prints
    /// their number and leaves them to <c>--instruments</c> (or <c>--json</c>): their per-holder and total figures are in
    /// the holders table and the totals either way (docs/cli.md, "Reading the ledger").
    /// </summary>
    public const int ListedInstruments = 100;

    /// <summary>": CONVERSION, FRACTIONS" from the charter in use (nothing it does not name).</summary>
    private static string AsConvertedClauses(Core.Charter.CharterDocument c)
    {
        var cited = new[] { c.Conversion?.Optional?.Clause, c.Conversion?.FractionalShares?.Clause }.OfType<string>().ToList();
        if (cited.Count == 2 && Core.Charter.ClauseText.Split(cited[0]) is { Count: > 1 } a && Core.Charter.ClauseText.Split(cited[1]) is { Count: > 1 } b && a[0] == b[0])
            cited[1] = cited[1][(cited[1].IndexOf('§', StringComparison.Ordinal))..];
        return cited.Count == 0 ? "" : ": " + string.Join(", ", cited);
    }

    /// <summary>
    /// The cap table as text. <paramref name="instrumentCount"/>: when the view carries no instrument rows (built
    /// without them), how many instruments there are, for the line that says they are not listed.
    /// </summary>
    public static void WriteText(this CapTableView view, TextWriter w, Core.Charter.CharterDocument charter, int instrumentCount = 0)
    {
        w.WriteLine($"{view.Company}: cap table{(view.AsOf is { } d ? $" as of {Format.Date(d)}" : "")} [charter {view.Charter}]");
        w.WriteLine();
        var ct = new TextTable("Class", "Outstanding", "Authorized", "Conv. price", "Ratio", "As converted", "% FD").RightAlign(1, 2, 3, 4, 5, 6);
        foreach (var c in view.Classes)
            ct.Row(c.Id, Format.Shares(c.Outstanding), c.Authorized is { } a ? Format.Shares(a) : "-",
                c.ConversionPrice is { } p ? Format.Price(p) : "-", c.ConversionRatio is { } r ? Format.Ratio(r) : "1",
                Format.Shares(c.AsConverted), Format.Percent(c.AsConverted, view.Totals.FullyDiluted));
        ct.WriteTo(w);
        w.WriteLine();

        w.WriteLine("Holders");
        var ht = new TextTable("Holder", "Security", "Shares", "As converted", "Options etc.", "Fully diluted", "% FD").RightAlign(2, 3, 4, 5, 6);
        foreach (var h in view.Holders)
        {
            var first = true;
            foreach (var p in h.Positions)
            {
                ht.Row(first ? h.Name : "", p.Security, Format.Shares(p.Shares), Format.Shares(p.AsConverted), "", "", "");
                first = false;
            }

            ht.Row(first ? h.Name : "", "total", "", Format.Shares(h.AsConverted), Format.Shares(h.InstrumentsOutstanding), Format.Shares(h.FullyDiluted),
                Format.Percent(h.FullyDiluted, view.Totals.FullyDiluted));
        }

        ht.WriteTo(w);

        if (view.Instruments.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Options, warrants and convertibles");
            var it = new TextTable("Id", "Holder", "Kind", "On", "Outstanding", "Price", "Granted", "Expires", "Exclusion").RightAlign(4, 5);
            foreach (var i in view.Instruments)
                it.Row(i.Id, i.Holder, i.Kind, i.Underlying, Format.Shares(i.Outstanding), Format.Price(i.ExercisePrice), Format.Date(i.GrantedOn),
                    Format.Date(i.Expires), i.Exclusion ?? "-");
            it.WriteTo(w);
        }
        else if (instrumentCount > 0)
        {
            w.WriteLine();
            w.WriteLine($"Options, warrants and convertibles: {Format.Shares(instrumentCount)}, not listed (more than {ListedInstruments.ToString(System.Globalization.CultureInfo.InvariantCulture)}); each holder's are in \"Options etc.\" above and all of them in the totals below. List them with --instruments (or --json).");
        }

        w.WriteLine();
        w.WriteLine("Totals");
        w.WriteLine($"  Common outstanding           {Format.Shares(view.Totals.CommonOutstanding),14}");
        w.WriteLine($"  Preferred outstanding        {Format.Shares(view.Totals.PreferredOutstanding),14}");
        w.WriteLine($"  As converted                 {Format.Shares(view.Totals.AsConverted),14}   (preferred at OIP / conversion price, rounded down per holder{AsConvertedClauses(charter)})");
        w.WriteLine($"  Options, warrants, conv.     {Format.Shares(view.Totals.InstrumentsOutstanding),14}");
        w.WriteLine($"  Fully diluted                {Format.Shares(view.Totals.FullyDiluted),14}");
    }
}
