using System.CommandLine;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Charta.Core;
using Charta.Core.Ledger;
using Charta.Ledger;

namespace Charta.Cli;

/// <summary>A refusal raised by a CLI verb; the runner prints it as one line and exits 2.</summary>
public sealed class CliRefusalException(Refusal refusal) : Exception(refusal.ToString())
{
    public Refusal Refusal { get; } = refusal;
}

/// <summary>What every verb shares: the output streams, the clock, the environment and the ledger location.</summary>
public sealed class CliContext(TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TimeProvider clock, TextReader? stdin = null)
{
    public const string DefaultDb = "charta.db";

    /// <summary>Standard input, read only where a command is given '-' for a file (empty when none is wired).</summary>
    public TextReader In { get; } = stdin ?? TextReader.Null;

    public TextWriter Out { get; private set; } = stdout;

    /// <summary>A write verb given --json has printed its JSON: its text lines after that are not printed (format only).</summary>
    internal void MuteText() => Out = TextWriter.Null;
    public TextWriter Err { get; } = stderr;
    public TimeProvider Clock { get; } = clock;
    public Func<string, string?> Environment { get; } = environment;

    public Option<string?> DbOption { get; } = new("--db")
    {
        Description = "The ledger file (default: $CHARTA_DB, else ./charta.db).",
        Recursive = true,
    };

    public Option<string?> RecordedByOption { get; } = new("--recorded-by")
    {
        Description = "Who records the events a write verb appends (default: the OS user). Stored with each event and covered by its hash.",
        Recursive = true,
    };

    /// <summary>Who records: --recorded-by, else the OS user (the adapter's fact, never the core's).</summary>
    public string RecordedBy(ParseResult parse)
    {
        var given = parse.GetValue(RecordedByOption);
        if (given is null) return System.Environment.UserName is { Length: > 0 } u ? u : "unknown";
        var name = given.Trim();
        if (name.Length == 0 || name.Length > 200 || name.Any(char.IsControl))
            throw new CliRefusalException(new Refusal("--recorded-by", given, "must be a name of 1 to 200 printable characters"));
        return name;
    }

    /// <summary>The views' JSON settings (Charta.Views), shared with the HTTP API.</summary>
    public static readonly JsonSerializerOptions Json = ViewJson.Options;

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public string DbPath(ParseResult parse) =>
        parse.GetValue(DbOption) is { Length: > 0 } p ? p
        : Environment("CHARTA_DB") is { Length: > 0 } e ? e
        : DefaultDb;

    /// <summary>
    /// Opens the ledger for a verb. A missing file is bad input, not a new empty ledger; a file that is not a Charta
    /// ledger is refused from its header and left unchanged. The file is opened read-only; a write opens it for writing
    /// only for its own transaction.
    /// </summary>
    public CompanyLedger OpenLedger(ParseResult parse)
    {
        var path = DbPath(parse);
        var store = Require(SqliteEventStore.TryOpen(path));
        return new CompanyLedger(store, Clock, RecordedBy(parse));
    }

    /// <summary>The cap table as of a date, or a refusal.</summary>
    public CapTable Load(CompanyLedger ledger, DateOnly? asOf = null) => Require(ledger.CapTable(asOf));

    public static T Require<T>(Result<T> result) =>
        result.IsOk ? result.Value : throw new CliRefusalException(result.Refusal!);

    public int WriteJson<T>(T value)
    {
        Out.WriteLine(JsonSerializer.Serialize(value, Json));
        return Cli.Ok;
    }
}
