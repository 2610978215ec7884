using System.Net;
using System.Net.Sockets;
using InsightGig.TestSupport.Notifications;
using Microsoft.AspNetCore.Hosting;

namespace InsightGig.Browser.Tests.Infrastructure;

/// <summary>
/// The live app sending its emails over TCP to a real SMTP server on loopback (<see cref="Smtp"/>), with reminders
/// <see cref="ReminderOffsetsMinutes"/> before each meeting: a meeting set a couple of minutes ahead gets its one-minute
/// reminder while the test waits, and the day-before one is already past (so none is made for it).
/// </summary>
public sealed class MailingAppFixture : LiveAppFixture
{
    public const string ReminderOffsetsMinutes = "1440,1";

    public SmtpTestServer Smtp { get; } = SmtpTestServer.Start();

    /// <summary>Starts the app once the mail server listens, so its first send cannot find the port closed.</summary>
    public override async ValueTask InitializeAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Smtp.Port);
                break;
            }
            catch (SocketException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }

        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Smtp.Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Notifications:ReminderOffsetsMinutes", ReminderOffsetsMinutes);
    }
}
