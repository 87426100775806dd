using System.CommandLine;
using Charta.Cli.Commands;
using Charta.Ledger;

namespace Charta.Cli;

/// <summary>
/// The `charta` command. Hosts stay thin: each verb parses its input into domain values, calls one core function and
/// renders the result. Exit codes: 0 success, 2 bad input or a refusal by the charter (one line on stderr, nothing
/// written), 1 an internal failure (a bug; no stack trace is shown).
/// </summary>
public static class Cli
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TimeProvider clock, TextReader? stdin = null)
    {
        var ctx = new CliContext(stdout, stderr, environment, clock, stdin);
        var root = BuildRoot(ctx);
        try
        {
            args = CheckArguments(args);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                // One line: the first error, how many more, and where the usage is.
                var more = parse.Errors.Count > 1 ? $" (and {parse.Errors.Count - 1} more)" : "";
                stderr.WriteLine($"error: {OneLine(parse.Errors[0].Message.TrimEnd('.'))}{more}; run 'charta --help' for usage");
                return BadInput;
            }

            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CliRefusalException r)
        {
            stderr.WriteLine($"error: {OneLine(r.Refusal.ToString())}");
            return BadInput;
        }
        catch (Exception ex) when (UserError(ex) is { } message)
        {
            stderr.WriteLine($"error: {OneLine(message)}");
            return BadInput;
        }
        catch (LedgerFileException r)
        {
            stderr.WriteLine($"error: {r.Refusal}");
            return BadInput;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"internal error: {ex.GetType().Name}: {OneLine(ex.Message)}");
            stderr.WriteLine("This is a bug in Charta. Nothing was written to the ledger.");
            return InternalError;
        }
    }

    /// <summary>
    /// Every argument, before any verb sees it: no control or bidi-override characters (a newline, NUL or ANSI escape in
    /// a name would be stored and printed raw), at most 4,096 characters, valid Unicode, and in NFC so that a composed
    /// and a decomposed "Álice" name one holder.
    /// </summary>
    public static string[] CheckArguments(string[] args)
    {
        var result = new string[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            var field = i > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal) && !a.StartsWith("--", StringComparison.Ordinal) ? args[i - 1] : $"argument {i + 1}";
            if (a.Length > 4096)
                throw Parse.Refuse(field, a, $"is {a.Length:N0} characters; an argument has at most 4,096 (see Limits in docs/cli.md)");
            if (Core.Names.StakeholderName.Problem(a) is { } bad) throw Parse.Refuse(field, a, bad);
            try
            {
                result[i] = Core.Names.Nfc.Normalize(a);
            }
            catch (ArgumentException)
            {
                throw Parse.Refuse(field, a, "is not valid Unicode text");
            }
        }

        return result;
    }

    /// <summary>Every message reaches the terminal as one line: control and bidi characters escaped, bounded.</summary>
    public static string OneLine(string message) => Core.Names.StakeholderName.Escape(message, 2000);

    /// <summary>
    /// The one-line message for an exception caused by the user's input or environment (a file that cannot be read, a
    /// ledger file that is not a ledger, a number beyond the engine's limits), or null for a bug.
    /// </summary>
    public static string? UserError(Exception ex) => ex switch
    {
        FileNotFoundException f => $"{f.FileName ?? "a file"}: no such file; check the path",
        DirectoryNotFoundException => $"{PathOf(ex)}: the folder does not exist; check the path",
        UnauthorizedAccessException when Directory.Exists(PathOf(ex)) => $"{PathOf(ex)}: is a folder, not a file; give a file path",
        UnauthorizedAccessException => $"{PathOf(ex)}: permission denied; check the file's permissions or choose another path",
        PathTooLongException => "a path is too long; choose a shorter path",
        System.Text.DecoderFallbackException => "a file is not valid UTF-8 text; save it as UTF-8",
        Microsoft.Data.Sqlite.SqliteException s => $"the ledger file cannot be used ({SqliteReason(s)}); check --db names a Charta ledger created by 'charta init'",
        IOException when Directory.Exists(PathOf(ex)) => $"{PathOf(ex)}: is a folder, not a file; give a file path",
        IOException io => $"{PathOf(ex)}: cannot be read or written ({FirstLine(io.Message)}); check the path, free space and permissions",
        // A snapshot's large part read after the ledger was replaced under this process (LedgerSnapshots): nothing was written.
        StaleSnapshotException st => $"{FirstLine(st.Message)}; nothing was written",
        OverflowException => "a number is too large for Charta to compute exactly; keep shares, prices, amounts and ratios within the Limits of docs/cli.md",
        _ => null,
    };

    private static string PathOf(Exception ex)
    {
        var m = ex.Message;
        var a = m.IndexOf('\'');
        var b = a >= 0 ? m.IndexOf('\'', a + 1) : -1;
        return a >= 0 && b > a ? m[(a + 1)..b] : "a file";
    }

    private static string FirstLine(string m) => m.Split('\n')[0].TrimEnd('.', ' ', '\r');

    private static string SqliteReason(Microsoft.Data.Sqlite.SqliteException s) => s.SqliteErrorCode switch
    {
        26 => "it is not a SQLite database",
        11 => "it is damaged",
        14 => "it cannot be opened",
        8 => "it is read-only",
        5 or 6 => "another process holds it locked; try again",
        13 => "the disk is full",
        _ => FirstLine(s.Message).Replace("SQLite Error", "SQLite error", StringComparison.Ordinal),
    };

    public static RootCommand BuildRoot(CliContext ctx)
    {
        var root = new RootCommand("Charta executes a company's certificate of incorporation against its cap-table ledger.");
        root.Options.Add(ctx.DbOption);
        root.Options.Add(ctx.RecordedByOption);
        root.Subcommands.Add(CompanyCommands.Init(ctx));
        root.Subcommands.Add(CompanyCommands.Charter(ctx));
        root.Subcommands.Add(HolderCommands.Holder(ctx));
        foreach (var c in TransactionCommands.All(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(CapTableCommands.CapTable(ctx));
        root.Subcommands.Add(CapTableCommands.Log(ctx));
        root.Subcommands.Add(IntegrityCommands.Verify(ctx));
        root.Subcommands.Add(IntegrityCommands.Migrate(ctx));
        root.Subcommands.Add(CapTableCommands.Void(ctx));
        root.Subcommands.Add(DemoCommand.Demo(ctx));
        root.Subcommands.Add(OcfCommands.Import(ctx));
        root.Subcommands.Add(OcfCommands.Export(ctx));
        root.Subcommands.Add(OcfCommands.Vesting(ctx));
        foreach (var c in ConversionCommands.All(ctx)) root.Subcommands.Add(c);
        foreach (var c in GovernanceCommands.All(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(RedemptionCommands.Redeem(ctx));
        foreach (var c in LiquidationCommands.All(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(ModelCommands.Model(ctx));
        foreach (var c in ServerCommands.All(ctx)) root.Subcommands.Add(c);
        root.Subcommands.Add(ValuationCommands.Value(ctx));
        return root;
    }
}
