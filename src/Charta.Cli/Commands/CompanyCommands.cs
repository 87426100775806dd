using System.CommandLine;
using Charta.Cli.Output;
using Charta.Core;
using Charta.Core.Charter;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Cli.Commands;

/// <summary>`charta init` and `charta charter …`: the company and the charter it runs on.</summary>
public static class CompanyCommands
{
    public static Command Init(CliContext ctx)
    {
        var charter = Parse.Optional("--charter", $"An embedded charter id ({string.Join(", ", CharterLoader.EmbeddedIds)}) or the path of a charter JSON file. Default: {CharterLoader.DefaultCharterId}.");
        var incorporated = Parse.Optional("--incorporated", "The incorporation date YYYY-MM-DD; dated events before it are refused. Optional.");
        var cmd = new Command("init", "Create a ledger for a company on a charter.") { charter, incorporated };
        cmd.Records(restate: false);
        cmd.SetAction(p =>
        {
            var path = ctx.DbPath(p);
            var (id, json) = ReadCharter(p.GetValue(charter) ?? CharterLoader.DefaultCharterId);
            var doc = CliContext.Require(CharterLoader.Load(json, id));
            var inc = Parse.OptionalDate(p, incorporated);
            var created = new CompanyCreated(inc ?? ctx.Today, doc.Id, json, inc);
            if (p.IsDryRun())
            {
                var decided = CliContext.Require(Fold.TryDecide([], [new RecordedEvent(1, ctx.Clock.GetUtcNow(), created)]));
                ctx.Report(decided, dryRun: true);
                ctx.Out.WriteLine($"Would create {path}: {doc.Company} on charter {doc.Id}" + (inc is { } di ? $", incorporated {Format.Date(di)}." : "."));
                return Cli.Ok;
            }

            var by = ctx.RecordedBy(p);
            // Built under a temporary name and renamed into place: an interrupted init leaves no ledger or a whole one.
            CliContext.Require(SqliteEventStore.Create(path, store => new CompanyLedger(store, ctx.Clock, by).Append(created)));

            ctx.Out.WriteLine($"Created {path}: {doc.Company} on charter {doc.Id}" + (inc is { } d ? $", incorporated {Format.Date(d)}." : "."));
            return Cli.Ok;
        });
        return cmd;
    }

    /// <summary>An embedded charter by id, else a charter file by path; refusals name <paramref name="field"/>.</summary>
    public static (string Id, string Json) ReadCharter(string idOrPath, string field = "--charter")
    {
        if (CharterLoader.IsEmbedded(idOrPath)) return (idOrPath, CharterLoader.EmbeddedText(idOrPath));
        if (Directory.Exists(idOrPath)) throw Parse.Refuse(field, idOrPath, "is a folder; give a charter JSON file or an embedded charter id");
        if (!File.Exists(idOrPath))
            throw Parse.Refuse(field, idOrPath, $"is neither an embedded charter ({string.Join(", ", CharterLoader.EmbeddedIds)}) nor a file");
        if (new FileInfo(idOrPath).Length > CharterLoader.MaxBytes)
            throw Parse.Refuse(field, idOrPath, $"is larger than {CharterLoader.MaxBytes / 1_000_000} MB, the limit for a charter file (see Limits in docs/cli.md)");
        try
        {
            return (Path.GetFileNameWithoutExtension(idOrPath), File.ReadAllText(idOrPath, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true)));
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw Parse.Refuse(field, idOrPath, "is not UTF-8 text; save the charter as UTF-8 JSON");
        }
    }

    /// <summary>A charter read from standard input ('-'), at most <see cref="CharterLoader.MaxBytes"/> characters.</summary>
    private static (string Id, string Json) ReadCharterFromStdin(CliContext ctx, string field)
    {
        var buffer = new char[CharterLoader.MaxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = ctx.In.Read(buffer, read, buffer.Length - read)) > 0) read += n;
        if (read > CharterLoader.MaxBytes)
            throw Parse.Refuse(field, "-", $"standard input is larger than {CharterLoader.MaxBytes / 1_000_000} MB, the limit for a charter file (see Limits in docs/cli.md)");
        if (read == 0) throw Parse.Refuse(field, "-", "standard input is empty; pipe a charter JSON file in (e.g. 'charta charter export | charta charter validate -')");
        return ("stdin", new string(buffer, 0, read));
    }

    /// <summary>
    /// Writes <paramref name="text"/> to --out FILE (whole or not at all: a temporary file renamed into place), or to
    /// standard output when no file is given.
    /// </summary>
    private static void WriteCharterText(CliContext ctx, string text, string? path)
    {
        if (path is null)
        {
            ctx.Out.Write(text.EndsWith('\n') ? text : text + "\n");
            return;
        }

        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (Directory.Exists(full)) throw Parse.Refuse("--out", path, "is a folder; give the name of the charter JSON file to write");
        if (!Directory.Exists(dir)) throw Parse.Refuse("--out", path, "the folder does not exist");
        if (File.Exists(full)) throw Parse.Refuse("--out", path, "already exists; Charta does not overwrite a file: choose another name or remove it first");
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            File.WriteAllText(temp, text.EndsWith('\n') ? text : text + "\n", new System.Text.UTF8Encoding(false));
            File.Move(temp, full);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static Command Charter(CliContext ctx)
    {
        var cmd = new Command("charter", "Show the charter the company runs on, its schema or the text of a clause; validate, export or start a charter file.");
        cmd.Subcommands.Add(Show(ctx));
        cmd.Subcommands.Add(Schema(ctx));
        cmd.Subcommands.Add(Validate(ctx));
        cmd.Subcommands.Add(Export(ctx));
        cmd.Subcommands.Add(New(ctx));
        cmd.Subcommands.Add(Text(ctx));
        return cmd;
    }

    private static Command Text(CliContext ctx)
    {
        var citation = new Argument<string>("CITATION") { Description = "A clause, written as the charter cites it (see 'charta charter show')." };
        var source = Parse.Optional("--text", "A text file of the charter (default: the text that comes with the ledger's charter, if any).");
        var of = Parse.Optional("--charter", "Read the text shipped with this embedded charter instead of the ledger's.");
        var cmd = new Command("text", "Print the words of a clause of the ledger's charter (or, with no ledger, of the default charter).") { citation, source, of };
        cmd.SetAction(p =>
        {
            string text;
            if (p.GetValue(source) is { } file)
            {
                if (!File.Exists(file)) throw Parse.Refuse("--text", file, "no such file");
                text = File.ReadAllText(file);
            }
            else
            {
                // The ledger's own charter: its text is the one shipped with it (an embedded charter), else there is none.
                string id;
                if (p.GetValue(of) is { } named) id = named;
                else if (File.Exists(ctx.DbPath(p))) id = ctx.Read(p, null).CharterId;
                else
                {
                    id = CharterLoader.DefaultCharterId;
                    ctx.Err.WriteLine($"note: no ledger at {ctx.DbPath(p)}; reading the text of the default charter {id}.");
                }

                text = CharterLoader.EmbeddedSourceText(id)
                       ?? throw Parse.Refuse("--text", "(none)", $"the charter '{id}' comes with no text: give the certificate's text with --text FILE");
            }

            var cited = p.GetValue(citation)!;
            var found = ClauseText.Find(text, cited)
                        ?? throw Parse.Refuse("CITATION", cited, "is not a clause of the charter text (write it as the charter cites it; see 'charta charter show')");
            if (!found.Exact) ctx.Err.WriteLine($"note: {cited} is not laid out on its own line; showing {found.Citation}.");
            ctx.Out.WriteLine($"{found.Citation}: {found.Text}");
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command Show(CliContext ctx)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var charter = Parse.Optional("--charter", "Show this charter (embedded id or file) instead of the ledger's.");
        var cmd = new Command("show", "Show the charter's terms, each with its clause.") { json, charter };
        cmd.SetAction(p =>
        {
            CharterDocument doc;
            if (p.GetValue(charter) is { } c)
            {
                var (id, text) = ReadCharter(c);
                doc = CliContext.Require(CharterLoader.Load(text, id));
            }
            else if (File.Exists(ctx.DbPath(p)))
            {
                var ledger = ctx.OpenLedger(p);
                using var _ = ledger.Store;
                doc = ctx.Load(ledger).Charter;
            }
            else
            {
                doc = CharterLoader.Default;
            }

            return p.GetValue(json) ? ctx.WriteJson(CharterView.From(doc)) : CharterViewText.WriteText(ctx.Out, doc);
        });
        return cmd;
    }

    private static Command Schema(CliContext ctx)
    {
        var cmd = new Command("schema", "Print the JSON Schema of the charter file format.");
        cmd.SetAction(_ =>
        {
            ctx.Out.Write(CharterLoader.SchemaText);
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command Validate(CliContext ctx)
    {
        var file = new Argument<string>("FILE") { Description = "A charter JSON file, an embedded charter id, or '-' to read the charter from standard input." };
        var cmd = new Command("validate", "Check a charter file against the schema and the cross-field rules.") { file };
        cmd.SetAction(p =>
        {
            var given = p.GetValue(file)!;
            const string field = "file";
            var (id, text) = given == "-" ? ReadCharterFromStdin(ctx, field) : ReadCharter(given, field);
            var doc = CliContext.Require(CharterLoader.Load(text, id));
            ctx.Out.WriteLine($"{id}: valid ({doc.Company}, {doc.Series.Count} preferred series).");
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command Export(CliContext ctx)
    {
        var charter = Parse.Optional("--charter", $"Export this charter: an embedded id ({string.Join(", ", CharterLoader.EmbeddedIds)}) or a charter file. Default: the ledger's own charter, else {CharterLoader.DefaultCharterId}.");
        var output = Parse.Optional("--out", "Write the charter to this new file instead of standard output.");
        var cmd = new Command("export", "Write a charter JSON file (valid against 'charta charter schema'): an embedded charter as shipped, or the one the ledger was created on.") { charter, output };
        cmd.SetAction(p =>
        {
            string text;
            if (p.GetValue(charter) is { } c)
            {
                (var id, text) = ReadCharter(c);
                CliContext.Require(CharterLoader.Load(text, id));
            }
            else if (File.Exists(ctx.DbPath(p)))
            {
                // The charter exactly as the ledger recorded it when the company was created.
                var ledger = ctx.OpenLedger(p);
                using var _ = ledger.Store;
                text = ledger.Events().Select(e => e.Event).OfType<CompanyCreated>().FirstOrDefault()?.CharterJson
                       ?? throw Parse.Refuse("--db", ctx.DbPath(p), "the ledger has no company-created event, so no charter to export; give --charter ID|FILE");
            }
            else
            {
                ctx.Err.WriteLine($"note: no ledger at {ctx.DbPath(p)}; exporting the default charter {CharterLoader.DefaultCharterId}.");
                text = CharterLoader.EmbeddedText(CharterLoader.DefaultCharterId);
            }

            var path = p.GetValue(output);
            WriteCharterText(ctx, text, path);
            if (path is not null) ctx.Out.WriteLine($"Wrote {path}.");
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command New(CliContext ctx)
    {
        var template = Parse.Required("--template", $"The starting template: {string.Join(", ", CharterLoader.TemplateIds)}.");
        var output = Parse.Optional("--out", "Write the template to this new file instead of standard output.");
        var cmd = new Command("new", "Write an annotated starting charter (valid as written; its \"notes\" say what to change).") { template, output };
        cmd.SetAction(p =>
        {
            var id = p.GetValue(template)!;
            if (!CharterLoader.TemplateIds.Contains(id))
                throw Parse.Refuse("--template", id, $"is not a template; the templates are: {string.Join(", ", CharterLoader.TemplateIds)}");
            var path = p.GetValue(output);
            WriteCharterText(ctx, CharterLoader.TemplateText(id), path);
            if (path is not null) ctx.Out.WriteLine($"Wrote {path} (template {id}); edit it, then run 'charta charter validate {path}'.");
            return Cli.Ok;
        });
        return cmd;
    }
}
