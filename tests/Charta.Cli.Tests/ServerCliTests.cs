namespace Charta.Cli.Tests;

/// <summary>`charta user add|list` and the refusals of `charta serve` that come before the server starts.</summary>
public sealed class ServerCliTests : IDisposable
{
    private readonly CliHarness _h = new();

    [Fact]
    public void User_add_prints_a_token_once_and_lists_no_token()
    {
        _h.WithCompany(null, "Alice Founder");
        var added = _h.Ok("user", "add", "Jane", "--role", "counsel");
        Assert.Matches(@"API token \(shown once; keep it secret\): charta_[0-9a-f]{16}_[A-Za-z0-9_-]{43}\n", added);
        var stock = _h.Ok("user", "add", "Alice", "--role", "stockholder", "--holder", "Alice Founder");
        Assert.Contains("Added stockholder 'Alice' (holder 'Alice Founder')", stock, StringComparison.Ordinal);
        var list = _h.Ok("user", "list");
        Assert.Equal("Alice\tstockholder\tAlice Founder\nJane\tcounsel\t-\n", list);
    }

    [Fact]
    public void User_add_refusals_name_the_field()
    {
        _h.WithCompany(null, "Alice Founder");
        var role = _h.Run("user", "add", "X", "--role", "owner");
        Assert.Equal((2, "error: --role = owner: must be admin, counsel, viewer or stockholder\n"), (role.ExitCode, role.Err));
        var holder = _h.Run("user", "add", "X", "--role", "stockholder", "--holder", "Nobody");
        Assert.Equal((2, "error: --holder = Nobody: no such holder in the ledger; see 'charta holder list'\n"), (holder.ExitCode, holder.Err));
        var none = _h.Run("user", "add", "X", "--role", "stockholder");
        Assert.Equal(2, none.ExitCode);
        Assert.StartsWith("error: --holder = (none):", none.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_refuses_a_missing_ledger_and_a_bad_port_before_starting()
    {
        var missing = _h.Run("serve", "--port", "5099");
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("error: --db = ", missing.Err, StringComparison.Ordinal);
        _h.WithCompany();
        var port = _h.Run("serve", "--port", "70000");
        Assert.Equal((2, "error: --port = 70000: must be a port number 1 to 65535\n"), (port.ExitCode, port.Err));
    }

    public void Dispose() => _h.Dispose();
}
