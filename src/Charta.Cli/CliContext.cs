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
public sealed class CliContext(TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TimeProvider clock)
{
    public const string DefaultDb = "charta.db";

    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;
    public TimeProvider Clock { get; } = clock;
    public Func<string, string?> Environment { get; } = environment;

    public Option<string?> DbOption { get; } = new("--db")
    {
        Description = "The ledger file (default: $CHARTA_DB, else ./charta.db).",
        Recursive = true,
    };

    /// <summary>The views' JSON settings (Charta.Views), shared with the HTTP API.</summary>
    public static readonly JsonSerializerOptions Json = ViewJson.Options;

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public string DbPath(ParseResult parse) =>
        parse.GetValue(DbOption) is { Length: > 0 } p ? p
        : Environment("CHARTA_DB") is { Length: > 0 } e ? e
        : DefaultDb;

    /// <summary>Opens the ledger for a verb. A missing file is bad input, not a new empty ledger.</summary>
    public CompanyLedger OpenLedger(ParseResult parse)
    {
        var path = DbPath(parse);
        if (!File.Exists(path))
            throw new CliRefusalException(new Refusal("--db", path, "no ledger here; create one with 'charta init' (or pass --db / set CHARTA_DB)"));
        return new CompanyLedger(SqliteEventStore.Open(path, create: false), Clock);
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
