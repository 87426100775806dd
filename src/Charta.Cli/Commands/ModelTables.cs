using System.Globalization;
using System.Text;
using Charta.Core.Model;

namespace Charta.Cli.Commands;

/// <summary>One table of a model run, with raw values (decimals exact, shares whole) for CSV and XLSX.</summary>
public sealed record Sheet(string Name, string[] Headers, List<object?[]> Rows);

/// <summary>Every table of a model run, and their CSV and XLSX writers (adapters: the core computes, this writes).</summary>
public static class ModelTables
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static List<Sheet> Of(RoundResult r, string prefix = "")
    {
        var classes = r.After.Charter.ClassIds.ToArray();
        var summary = new Sheet(prefix + "summary", ["Figure", "Value"],
        [
            ["pricePerShare", r.PricePerShare], ["preMoney", r.PreMoney], ["postMoney", r.PostMoney],
            ["preMoneyShares", r.PreMoneyShares], ["preMoneySharesDefinition", r.PreMoneySharesDefinition],
            ["fullyDilutedBefore", r.FullyDilutedBefore], ["fullyDilutedAfter", r.FullyDilutedAfter],
            ["newSeries", r.NewSeries.Id], ["newSeriesShares", r.NewSeries.Shares], ["cashRaised", r.NewSeries.CashRaised],
            ["poolBefore", r.Pool.Before], ["poolTopUp", r.Pool.TopUp], ["poolAfter", r.Pool.After],
            ["antiDilutionReading", r.Reading], ["iterations", r.Solver.Iterations], ["folds", r.Solver.Folds], ["closing", r.Closing.ToString("yyyy-MM-dd", C)],
        ]);
        var captable = new Sheet(prefix + "captable", ["Holder", .. classes.Select(c => c + " before"), .. classes.Select(c => c + " after"), "FD before", "% before", "FD after", "% after"], []);
        var before = r.OwnershipBefore.ToDictionary(o => o.Holder);
        var after = r.Ownership.ToDictionary(o => o.Holder);
        foreach (var h in r.OwnershipBefore.Select(o => o.Holder).Concat(r.Ownership.Select(o => o.Holder)).Distinct())
        {
            before.TryGetValue(h, out var b);
            after.TryGetValue(h, out var a);
            captable.Rows.Add([h, .. classes.Select(c => (object?)(b?.ByClass.GetValueOrDefault(c) ?? 0L)), .. classes.Select(c => (object?)(a?.ByClass.GetValueOrDefault(c) ?? 0L)),
                b?.Shares ?? 0L, b?.Percent ?? 0m, a?.Shares ?? 0L, a?.Percent ?? 0m]);
        }

        var investors = new Sheet(prefix + "investors", ["Holder", "Committed", "Shares", "Paid"],
            r.NewSeries.Investors.Select(i => new object?[] { i.Holder, i.Committed, i.Shares, i.Paid }).ToList());
        var convertibles = new Sheet(prefix + "convertibles", ["Id", "Holder", "Kind", "Principal", "Interest", "Converting", "Cap price", "Discount price", "Branch", "Price", "Shares", "Cap shares"],
            r.Convertibles.Select(x => new object?[] { x.Id, x.Holder, x.Kind, x.Principal, x.Interest, x.Converting, x.CapPrice, x.DiscountPrice, x.Branch, x.Price, x.Shares, x.CapShares }).ToList());
        var prices = new Sheet(prefix + "conversion-prices", ["Series", "Before", "After", "Clause", "A", "B", "C", "Unrounded"], []);
        foreach (var cp in r.ConversionPrices)
        {
            if (cp.Adjustments.Count == 0) prices.Rows.Add([cp.Id, cp.Before, cp.After, null, null, null, null, null]);
            foreach (var a in cp.Adjustments) prices.Rows.Add([cp.Id, a.From, a.To, a.Clause, a.A, a.B, a.C, a.Unrounded]);
        }

        var consents = new Sheet(prefix + "consents", ["Action", "Clause", "Threshold", "Base", "Whole", "Needed", "Consenting", "Met", "Applies", "Note"],
            r.Consents.Select(c => new object?[] { c.Action, c.Clause, c.Threshold, c.Base, c.Whole, c.Needed, c.Consenting, c.Met, c.Applies, c.Note }).ToList());
        var authorized = new Sheet(prefix + "authorized", ["Class", "Today", "Required", "Amended", "Clause"],
            r.Authorized.Classes.Select(a => new object?[] { a.Class, a.Before, a.Required, a.Amended, a.Clause }).ToList());
        var waterfall = new Sheet(prefix + "waterfall", ["Exit", "Class", "Decision", "Shares", "As converted", "Total"], []);
        foreach (var w in r.Waterfall)
        foreach (var k in w.Classes)
            waterfall.Rows.Add([w.Exit, k.Id, k.Decision, k.Shares, k.AsConverted, k.Total]);
        var returns = new Sheet(prefix + "returns", ["Holder", "Invested", "Exit", "Proceeds", "Multiple", "IRR", "Holder's total"], []);
        foreach (var x in r.Returns)
        foreach (var e in x.Exits)
            returns.Rows.Add([x.Holder, x.Invested, e.Exit, e.Proceeds, e.Multiple, e.Irr, e.HolderTotal]);
        var list = new List<Sheet> { summary, captable, investors, convertibles, prices, consents, authorized };
        if (r.Tender is { } t)
            list.Add(new Sheet(prefix + "tender", ["Seller", "Buyer", "Security", "Shares", "Price", "Proceeds"],
                t.Sellers.Select(s => new object?[] { s.Holder, t.Buyer, t.Security, s.Shares, t.Price, s.Proceeds }).ToList()));
        if (waterfall.Rows.Count > 0) list.Add(waterfall);
        if (returns.Rows.Count > 0) list.Add(returns);
        list.Add(new Sheet(prefix + "events", ["Event"], r.Events.Select(e => new object?[] { e.ToString() }).ToList()));
        return list;
    }

    public static Sheet Grid(IReadOnlyList<GridCell> cells)
    {
        var axes = cells.Count == 0 ? [] : cells[0].At.Select(a => a.Axis).ToArray();
        return new Sheet("grid", [.. axes, "Price", "New series %", "Multiple", "Refusal"],
            cells.Select(c => c.At.Select(a => (object?)a.Value).Concat([c.PricePerShare, c.NewSeriesPercent, c.Multiple, c.Refusal]).ToArray()).ToList());
    }

    /// <summary>Writes the tables: .csv as one file with a "table" column first, .xlsx as one worksheet per table.</summary>
    public static void Write(string path, IReadOnlyList<Sheet> sheets)
    {
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) WriteCsv(path, sheets);
        else WriteXlsx(path, sheets);
    }

    private static void WriteCsv(string path, IReadOnlyList<Sheet> sheets)
    {
        var sb = new StringBuilder();
        foreach (var s in sheets)
        {
            sb.Append(Csv("table")).Append(',').AppendJoin(',', s.Headers.Select(Csv)).Append('\n');
            foreach (var row in s.Rows) sb.Append(Csv(s.Name)).Append(',').AppendJoin(',', row.Select(v => Csv(Cell(v)))).Append('\n');
            sb.Append('\n');
        }

        var tmp = path + ".tmp";
        File.WriteAllText(tmp, sb.ToString());
        File.Move(tmp, path, overwrite: true);
    }

    private static void WriteXlsx(string path, IReadOnlyList<Sheet> sheets)
    {
        using var book = new ClosedXML.Excel.XLWorkbook();
        foreach (var s in sheets)
        {
            var name = s.Name.Length > 31 ? s.Name[..31] : s.Name;
            var ws = book.Worksheets.Add(name);
            for (var j = 0; j < s.Headers.Length; j++) ws.Cell(1, j + 1).Value = s.Headers[j];
            for (var i = 0; i < s.Rows.Count; i++)
            for (var j = 0; j < s.Rows[i].Length; j++)
            {
                var cell = ws.Cell(i + 2, j + 1);
                switch (s.Rows[i][j])
                {
                    case null: break;
                    case long n: cell.Value = n; break;
                    case decimal d: cell.Value = d; break;
                    case bool b: cell.Value = b; break;
                    case var o: cell.Value = Cell(o); break;
                }
            }
        }

        var tmp = path + ".tmp.xlsx";
        book.SaveAs(tmp);
        File.Move(tmp, path, overwrite: true);
    }

    private static string Cell(object? v) => v switch
    {
        null => "",
        decimal d => d.ToString(C),
        long n => n.ToString(C),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(v, C) ?? "",
    };

    private static string Csv(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
