using System.Net;
using Charta.Ledger;
using Charta.Ledger.Postgres;
using Charta.Views;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Charta.Server;

/// <summary>How to run the server: the ledger, the users, the loopback port.</summary>
public sealed record ServerOptions(string LedgerPath, int Port, TimeProvider Clock)
{
    /// <summary>Opens the event store (default: the SQLite file at <see cref="LedgerPath"/>).</summary>
    public Func<IEventStore>? OpenStore { get; init; }

    /// <summary>Where the users are kept (default: <c>LEDGER.users</c> beside a SQLite ledger, the ledger's own schema in PostgreSQL).</summary>
    public string? UsersPath { get; init; }

    /// <summary>The users, when the caller opened them (tests: a PostgreSQL ledger opened through <see cref="OpenStore"/>).</summary>
    public UserStore? Users { get; init; }

    /// <summary>Where the keys that protect session cookies are kept (default: the folder <c>LEDGER.keys</c>).</summary>
    public string? KeysPath { get; init; }

    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>The address to listen on: loopback unless told otherwise (the container image listens on any).</summary>
    public IPAddress Host { get; init; } = IPAddress.Loopback;
}

/// <summary>`charta serve`: the HTTP API and the pages on 127.0.0.1.</summary>
public static class ChartaServer
{
    /// <summary>The address a started server listens on (useful with port 0).</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    public static WebApplication Build(ServerOptions o)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ChartaServer).Assembly.GetName().Name });
        builder.Logging.SetMinimumLevel(o.LogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.UseKestrel(k => k.Listen(o.Host, o.Port));

        IEventStore store;
        Func<string>? token;
        if (IsPostgres(o.LedgerPath))
        {
            var (cs, schema) = PostgresEventStore.FromUri(o.LedgerPath);
            var pg = PostgresEventStore.Open(cs, schema, create: true);
            store = pg;
            // No cheap token: the service asks the head (sequence and hash) at most every HeadCheckInterval.
            token = null;
        }
        else
        {
            store = o.OpenStore?.Invoke() ?? SqliteEventStore.Open(o.LedgerPath, create: false);
            token = o.OpenStore is null ? () => SqliteChangeToken(o.LedgerPath) : null;
        }

        builder.Services.AddSingleton(new LedgerService(store, o.Clock, token));
        builder.Services.AddSingleton(o.Users ?? (o.UsersPath is { } up ? new UserStore(up) : UserStore.For(o.LedgerPath)));
        builder.Services.AddSingleton(o.Clock);

        builder.Services.AddDataProtection().SetApplicationName("charta")
            .PersistKeysToFileSystem(new DirectoryInfo(o.KeysPath ?? (IsPostgres(o.LedgerPath)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "charta", "keys",
                    Charta.Ledger.Postgres.PostgresEventStore.FromUri(o.LedgerPath).Schema)
                : o.LedgerPath + ".keys")));
        builder.Services.ConfigureHttpJsonOptions(j => ViewJson.Configure(j.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1", oa => oa.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Charta";
            doc.Info.Description = "The cap-table ledger under a company's charter. Status mapping: 400 bad input, 401 not signed in, "
                                   + "403 not allowed for the role, 404 not found, 409 a stale expectedSequence, 422 refused by the charter (with the clause).";
            return Task.CompletedTask;
        }));
        builder.Services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "charta.antiforgery";
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.HttpOnly = true;
        });
        builder.Services.AddAuthentication(Auth.Scheme)
            .AddPolicyScheme(Auth.Scheme, "token or cookie", p => p.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) ? Auth.TokenScheme : Auth.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenHandler>(Auth.TokenScheme, null)
            .AddCookie(Auth.CookieScheme, c =>
            {
                c.Cookie.Name = Auth.CookieName;
                c.Cookie.HttpOnly = true;
                c.Cookie.SameSite = SameSiteMode.Strict;
                c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                c.LoginPath = "/signin";
                c.SlidingExpiration = true;
                c.ExpireTimeSpan = TimeSpan.FromHours(8);
                c.Events.OnRedirectToLogin = ctx =>
                {
                    if (Auth.IsApi(ctx.Request)) ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    else ctx.Response.Redirect(ctx.RedirectUri);
                    return Task.CompletedTask;
                };
                c.Events.OnRedirectToAccessDenied = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Auth.WritePolicy, p => p.RequireRole(UserStore.RoleName(Role.Admin), UserStore.RoleName(Role.Counsel)));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        Apis.Map(app);
        Pages.Map(app);
        app.Lifetime.ApplicationStopped.Register(() => app.Services.GetRequiredService<LedgerService>().Dispose());
        return app;
    }

    /// <summary>Is <paramref name="db"/> a PostgreSQL URI (postgres://user@host:port/database?schema=NAME) rather than a SQLite file?</summary>
    public static bool IsPostgres(string db) => db.StartsWith("postgres://", StringComparison.Ordinal) || db.StartsWith("postgresql://", StringComparison.Ordinal);

    /// <summary>Changes whenever the SQLite file or its write-ahead log is written, by the server or by the CLI.</summary>
    private static string SqliteChangeToken(string path)
    {
        var db = new FileInfo(path);
        var wal = new FileInfo(path + "-wal");
        return $"{db.LastWriteTimeUtc.Ticks}:{db.Length}:{(wal.Exists ? wal.LastWriteTimeUtc.Ticks : 0)}:{(wal.Exists ? wal.Length : 0)}";
    }
}
