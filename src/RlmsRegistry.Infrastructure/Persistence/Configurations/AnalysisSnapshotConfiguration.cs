using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RlmsRegistry.Application.Analysis;

namespace RlmsRegistry.Infrastructure.Persistence.Configurations;

internal sealed class AnalysisSnapshotConfiguration : IEntityTypeConfiguration<AnalysisSnapshot>
{
    public void Configure(EntityTypeBuilder<AnalysisSnapshot> builder)
    {
        builder.ToTable("AnalysisSnapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Trigger).HasMaxLength(20).IsRequired();
        builder.Property(s => s.TriggeredBy).HasMaxLength(256).IsRequired();
        builder.Property(s => s.DataFingerprint).HasMaxLength(64).IsRequired();
        builder.Property(s => s.EngineVersion).HasMaxLength(200).IsRequired();
        builder.Property(s => s.SettingsJson).IsRequired();
        builder.Property(s => s.CountsJson).IsRequired();
        builder.Property(s => s.ResultsJson).IsRequired();
        builder.Property(s => s.DatasetCsv).IsRequired();
        builder.HasIndex(s => s.CreatedAt);
    }
}

internal sealed class AnalysisRunConfiguration : IEntityTypeConfiguration<AnalysisRun>
{
    public void Configure(EntityTypeBuilder<AnalysisRun> builder)
    {
        builder.ToTable("AnalysisRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Trigger).HasMaxLength(20).IsRequired();
        builder.Property(r => r.TriggeredBy).HasMaxLength(256).IsRequired();
        builder.Property(r => r.Status).HasMaxLength(20).IsRequired();
        builder.Property(r => r.Message).HasMaxLength(2000);
        builder.Property(r => r.JobId).HasMaxLength(100);
        builder.HasIndex(r => r.RequestedAt);
    }
}
