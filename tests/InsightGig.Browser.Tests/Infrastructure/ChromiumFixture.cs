using InsightGig.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(ChromiumFixture))]

namespace InsightGig.Browser.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the whole run: Debian's package at <see cref="ExecutablePath"/>, driven by the Playwright
/// driver that ships inside the Microsoft.Playwright package (copied to the output folder). No browser is ever downloaded:
/// <c>playwright install</c> is never run, and build/test.sh installs the <c>chromium</c> package when it is missing.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing. Install Debian's chromium package (build/test.sh does: apt-get install chromium fonts-dejavu-core).");
        }

        // Expectations wait longer than Playwright's 5 s default: the app and its sandbox share two CPUs with the browser.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = LaunchArgs,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
