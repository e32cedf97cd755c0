using RlmsRegistry.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddRegistryWeb();

var app = builder.Build();
await app.InitialiseDatabaseAsync();
app.UseRegistryPipeline();
await app.RunAsync();

/// <summary>Entry point; public so functional tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
