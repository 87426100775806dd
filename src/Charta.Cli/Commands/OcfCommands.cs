using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Ledger;
using Charta.Ocf;

namespace Charta.Cli.Commands;

/// <summary>`charta import ocf` and `charta export ocf`: Open Cap Format packages in and out.</summary>
public static class OcfCommands
{
    public static Command Import(CliContext ctx)
    {
        var cmd = new Command("import", "Create a ledger from another system's export.");
        cmd.Subcommands.Add(ImportOcf(ctx));
        return cmd;
    }

    public static Command Export(CliContext ctx)
    {
        var cmd = new Command("export", "Write the ledger in an interchange format.");
        cmd.Subcommands.Add(ExportOcf(ctx));
        return cmd;
    }

    /// <summary>`charta vesting`: vested and unvested shares of each outstanding option and warrant (recorded by OCF imports).</summary>
    public static Command Vesting(CliContext ctx)
    {
        var asOf = Parse.Optional("--as-of", "Vesting and holdings as of this date YYYY-MM-DD (default: today).");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("vesting", "Show vested and unvested shares of each outstanding option and warrant.") { asOf, json };
        cmd.SetAction(p =>
        {
            var on = Parse.OptionalDate(p, asOf) ?? ctx.Today;
            var table = ctx.Read(p, on);
            var rows = table.VestingOn(on);
            if (p.GetValue(json))
                return ctx.WriteJson(new { asOf = on, instruments = rows.Select(r => new { id = r.GrantId, holder = r.Holder, outstanding = r.Outstanding, vested = r.Vested, unvested = r.Unvested }) });
            var t = new Output.TextTable("Id", "Holder", "Outstanding", "Vested", "Unvested").RightAlign(2, 3, 4);
            foreach (var r in rows) t.Row(r.GrantId, r.Holder, Output.Format.Shares(r.Outstanding), Output.Format.Shares(r.Vested), Output.Format.Shares(r.Unvested));
            ctx.Out.WriteLine($"Vesting as of {Output.Format.Date(on)} (an instrument without a schedule is fully vested):");
            t.WriteTo(ctx.Out);
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command ImportOcf(CliContext ctx)
    {
        var path = new Argument<string>("PATH") { Description = "An OCF package: a folder or a .ocf.zip, read through its manifest." };
        var charter = Parse.Optional("--charter", "Run the package on this charter (embedded id or file). Default: a generic charter built from the package's stock classes.");
        var map = Parse.Optional("--map", "A JSON file mapping OCF stock class ids to the charter's class ids, e.g. {\"<ocf-class-id>\": \"A\"}.");
        var lenient = new Option<bool>("--lenient") { Description = "Accept older packages with warnings (v1.0/v1.1 names, numbers for strings, X.json for X.ocf.json); where the package contradicts --charter, the charter wins." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and report what would be created; write nothing." };
        var currency = Parse.Optional("--currency", "The currency every monetary amount of the package is in (ISO 4217, default USD). Nothing is converted: an amount in another currency is refused.");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var cmd = new Command("ocf", "Import an Open Cap Format (v1.2.0) package into a new ledger at --db. Nothing is written unless the whole package imports.")
            { path, charter, map, lenient, dryRun, json, currency };
        cmd.SetAction(p =>
        {
            var db = ctx.DbPath(p);
            var dry = p.GetValue(dryRun);
            if (!dry && (File.Exists(db) || Directory.Exists(db)))
                throw Parse.Refuse("--db", db, $"{(LedgerFile.Inspect(db).Kind is LedgerFileKind.Ledger or LedgerFileKind.OlderLedger ? "a ledger already exists here" : "the path " + LedgerFile.Inspect(db).Description)}; import creates a new ledger (choose another --db)");
            var options = new OcfImportOptions
            {
                Lenient = p.GetValue(lenient),
                Charter = p.GetValue(charter) is { } c ? CompanyCommands.ReadCharter(c) : null,
                ClassMap = p.GetValue(map) is { } m ? ReadMap(m) : new Dictionary<string, string>(),
                Currency = p.GetValue(currency) is { } cur
                    ? System.Text.RegularExpressions.Regex.IsMatch(cur, "^[A-Z]{3}$") ? cur : throw Parse.Refuse("--currency", cur, "must be an ISO 4217 code such as USD or EUR")
                    : "USD",
            };
            var result = OcfImporter.Import(p.GetValue(path)!, options);
            var asJson = p.GetValue(json);
            if (!asJson)
                foreach (var w in result.Warnings) ctx.Err.WriteLine(w.ToString());
            if (!result.Ok)
            {
                if (asJson) ctx.WriteJson(Report(result, db, written: false));
                else foreach (var e in result.Errors) ctx.Err.WriteLine(e.ToString());
                ctx.Err.WriteLine($"error: the package was not imported ({result.Errors.Count()} error(s)); nothing was written.");
                return Cli.BadInput;
            }

            if (!dry)
            {
                var by = ctx.RecordedBy(p);
                // Built under a temporary name and renamed into place: an interrupted import leaves no ledger or a whole one.
                CliContext.Require(SqliteEventStore.Create(db, store => new CompanyLedger(store, ctx.Clock, by).Append(result.Events)));
            }

            if (asJson) return ctx.WriteJson(Report(result, db, written: !dry));
            var t = result.CapTable!;
            ctx.Out.WriteLine($"{(dry ? "Would create" : "Created")} {db}: {t.Charter.Company} on charter {t.CharterId}" + (options.Charter is null ? " (built from the package's stock classes)" : ""));
            ctx.Out.WriteLine($"  {t.Holders.Count} stakeholders, {t.Charter.Series.Count + 1} classes, {t.Instruments.Count} options and warrants, {result.Events.Count} ledger events, {result.Warnings.Count()} warning(s).");
            foreach (var (type, n) in EventCounts(result.Events)) ctx.Out.WriteLine($"  {n,8:N0}  {type}");
            if (dry) ctx.Out.WriteLine("Dry run: nothing was written.");
            return Cli.Ok;
        });
        return cmd;
    }

    private static IEnumerable<(string Type, int Count)> EventCounts(IReadOnlyList<LedgerEvent> events) =>
        events.GroupBy(e => EventCatalog.NameOf(e).Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count()));

    private static object Report(OcfImportResult r, string db, bool written) => new
    {
        imported = r.Ok,
        written,
        db,
        company = r.CapTable?.Charter.Company,
        charter = r.CapTable?.CharterId,
        stakeholders = r.CapTable?.Holders.Count,
        events = EventCounts(r.Events).ToDictionary(x => x.Type, x => x.Count),
        errors = r.Errors.Select(Issue),
        warnings = r.Warnings.Select(Issue),
    };

    private static object Issue(OcfIssue i) => new { file = i.File, item = i.ItemId, path = i.Path, message = i.Message };

    private static Dictionary<string, string> ReadMap(string file)
    {
        if (!File.Exists(file)) throw Parse.Refuse("--map", file, "no such file");
        if (new FileInfo(file).Length > 1_000_000) throw Parse.Refuse("--map", file, "is larger than 1 MB, the limit for a class map (see Limits in docs/cli.md)");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            if (JsonStrict.DuplicateKey(doc.RootElement) is { } dup) throw Parse.Refuse("--map", $"{file}#{dup}", "this key is given twice in the same object; give each key once");
            var root = doc.RootElement.TryGetProperty("stock_classes", out var nested) ? nested : doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Parse.Refuse("--map", file, "must be a JSON object {\"<ocf-class-id>\": \"<charter class id>\"}");
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in root.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) throw Parse.Refuse("--map", $"{file}#{p.Name}", "each value must be a charter class id (a string)");
                map[p.Name] = p.Value.GetString()!;
            }

            return map;
        }
        catch (JsonException ex)
        {
            throw Parse.Refuse("--map", file, $"is not valid JSON (line {(ex.LineNumber ?? 0) + 1})");
        }
    }

    private static Command ExportOcf(CliContext ctx)
    {
        var output = Parse.Required("--out", "The package to write: a folder, or a file ending in .ocf.zip.");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var skip = new Option<bool>("--skip-validation") { Description = "Do not re-validate the package before writing it (faster on very large ledgers; the export is validated by the test suite)." };
        var cmd = new Command("ocf", "Export the ledger as an Open Cap Format (v1.2.0) package, validated against the schemas before it is written.") { output, json, skip };
        cmd.SetAction(p =>
        {
            // A voided event was never a fact of the company: it is not written as an OCF transaction (nor is the
            // void); both travel in the Charta extension (docs/ocf.md), so the ledger round-trips whole.
            var events = ctx.Events(p);
            var table = CliContext.Require(Fold.TryReplay(events));
            if (OcfExporter.CannotExport(table) is { } cannot) throw new CliRefusalException(cannot);
            var export = OcfExporter.Export(events, table, ctx.Clock.GetUtcNow());
            var problems = p.GetValue(skip) ? [] : OcfExporter.Validate(export).Where(i => i.Severity == OcfSeverity.Error).ToList();
            if (problems.Count > 0)
                throw new InvalidOperationException($"the exported package does not validate: {problems[0]}");
            var path = Parse.Text(p, output);
            if (!path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
                throw Parse.Refuse("--out", path, "is a file; give a folder or a .ocf.zip path");
            OcfExporter.WriteTo(export, path);
            if (p.GetValue(json))
                return ctx.WriteJson(new
                {
                    @out = path,
                    files = export.Files.Keys,
                    stakeholders = export.Counts.Stakeholders,
                    stockClasses = export.Counts.StockClasses,
                    stockPlans = export.Counts.StockPlans,
                    transactions = export.Counts.Transactions,
                    notExported = export.NotExported,
                });
            ctx.Out.WriteLine($"Wrote {path}: OCF {OcfSchemas.Version}, {export.Counts.Stakeholders} stakeholders, {export.Counts.StockClasses} stock classes, {export.Counts.StockPlans} stock plans, {export.Counts.Transactions.ToString("N0", CultureInfo.InvariantCulture)} transactions" + (p.GetValue(skip) ? " (not re-validated)." : "; every object validates."));
            foreach (var n in export.NotExported.Distinct()) ctx.Err.WriteLine($"warning: not in OCF: {n}");
            return Cli.Ok;
        });
        return cmd;
    }
}
