IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [AnalysisRuns] (
        [Id] uniqueidentifier NOT NULL,
        [RequestedAt] datetimeoffset NOT NULL,
        [StartedAt] datetimeoffset NULL,
        [FinishedAt] datetimeoffset NULL,
        [Trigger] nvarchar(20) NOT NULL,
        [TriggeredBy] nvarchar(256) NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [Progress] int NOT NULL,
        [Message] nvarchar(2000) NULL,
        [Attempts] int NOT NULL,
        [SnapshotId] uniqueidentifier NULL,
        [JobId] nvarchar(100) NULL,
        CONSTRAINT [PK_AnalysisRuns] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [AnalysisSnapshots] (
        [Id] uniqueidentifier NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [Trigger] nvarchar(20) NOT NULL,
        [TriggeredBy] nvarchar(256) NOT NULL,
        [DataFingerprint] nvarchar(64) NOT NULL,
        [SettingsJson] nvarchar(max) NOT NULL,
        [EngineVersion] nvarchar(200) NOT NULL,
        [Patients] int NOT NULL,
        [Events] int NOT NULL,
        [CountsJson] nvarchar(max) NOT NULL,
        [ResultsJson] nvarchar(max) NOT NULL,
        [DatasetCsv] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_AnalysisSnapshots] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] uniqueidentifier NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [AuditEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetimeoffset NOT NULL,
        [UserId] uniqueidentifier NULL,
        [UserName] nvarchar(256) NOT NULL,
        [CentreId] uniqueidentifier NULL,
        [PatientId] uniqueidentifier NULL,
        [Entity] nvarchar(100) NOT NULL,
        [EntityKey] nvarchar(100) NOT NULL,
        [Action] nvarchar(10) NOT NULL,
        [Changes] nvarchar(max) NOT NULL,
        [Reason] nvarchar(500) NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [Centres] (
        [Id] uniqueidentifier NOT NULL,
        [Code] nvarchar(10) NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [LastPatientSequence] int NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Centres] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [IdempotencyRecords] (
        [UserId] uniqueidentifier NOT NULL,
        [Key] nvarchar(100) NOT NULL,
        [RequestHash] nvarchar(64) NOT NULL,
        [StatusCode] int NOT NULL,
        [Location] nvarchar(2000) NULL,
        [Body] nvarchar(max) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_IdempotencyRecords] PRIMARY KEY ([UserId], [Key])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] uniqueidentifier NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] uniqueidentifier NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] uniqueidentifier NOT NULL,
        [RoleId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] uniqueidentifier NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [UserSessions] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(10) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ExpiresAt] datetimeoffset NOT NULL,
        [RevokedAt] datetimeoffset NULL,
        [RefreshTokenId] uniqueidentifier NULL,
        CONSTRAINT [PK_UserSessions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_UserSessions_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [Patients] (
        [Id] uniqueidentifier NOT NULL,
        [CentreId] uniqueidentifier NOT NULL,
        [StudyId] nvarchar(16) NOT NULL,
        [Sex] nvarchar(10) NOT NULL,
        [BirthYear] int NOT NULL,
        [ConsentStatus] nvarchar(12) NOT NULL,
        [HospitalNumberHash] nvarchar(64) NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Patients] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Patients_Centres_CentreId] FOREIGN KEY ([CentreId]) REFERENCES [Centres] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [UserCentres] (
        [UserId] uniqueidentifier NOT NULL,
        [CentreId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_UserCentres] PRIMARY KEY ([UserId], [CentreId]),
        CONSTRAINT [FK_UserCentres_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_UserCentres_Centres_CentreId] FOREIGN KEY ([CentreId]) REFERENCES [Centres] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [DataQueries] (
        [Id] uniqueidentifier NOT NULL,
        [CentreId] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [FormKind] nvarchar(16) NOT NULL,
        [FormId] uniqueidentifier NOT NULL,
        [Field] nvarchar(64) NULL,
        [Text] nvarchar(1000) NOT NULL,
        [Status] nvarchar(10) NOT NULL,
        [OpenedBy] nvarchar(256) NOT NULL,
        [OpenedAt] datetimeoffset NOT NULL,
        [Answer] nvarchar(1000) NULL,
        [AnsweredBy] nvarchar(256) NULL,
        [AnsweredAt] datetimeoffset NULL,
        [MonitorNote] nvarchar(1000) NULL,
        [ClosedBy] nvarchar(256) NULL,
        [ClosedAt] datetimeoffset NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_DataQueries] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_DataQueries_Centres_CentreId] FOREIGN KEY ([CentreId]) REFERENCES [Centres] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_DataQueries_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [FollowUpEvents] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [Date] date NOT NULL,
        [Type] nvarchar(20) NOT NULL,
        [DiseaseStatus] nvarchar(24) NULL,
        [Site] nvarchar(24) NULL,
        [CauseOfDeath] nvarchar(12) NULL,
        [Status] nvarchar(10) NOT NULL,
        [IsLocked] bit NOT NULL,
        [LastEditReason] nvarchar(500) NULL,
        [Version] int NOT NULL,
        [IsVerified] bit NOT NULL,
        [VerifiedBy] nvarchar(256) NULL,
        [VerifiedAt] datetimeoffset NULL,
        [VerificationLostReason] nvarchar(700) NULL,
        CONSTRAINT [PK_FollowUpEvents] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_FollowUpEvents_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [Operations] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [Date] date NOT NULL,
        [Setting] nvarchar(12) NOT NULL,
        [RecurrenceNumber] int NULL,
        [PrimaryOperatedOutside] bit NOT NULL,
        [OutsidePrimaryDate] date NULL,
        [Resection] nvarchar(4) NULL,
        [MaxDiameterCm] decimal(6,2) NULL,
        [Multifocal] bit NULL,
        [OrgansResected] int NULL,
        [VascularResection] int NULL,
        [TumourOrigin] nvarchar(30) NULL,
        [BloodLossMl] int NULL,
        [Transfused] bit NULL,
        [OperativeTimeMinutes] int NULL,
        [ClavienDindo] nvarchar(6) NULL,
        [AsaScore] int NULL,
        [NeoadjuvantRadiotherapy] bit NULL,
        [NeoadjuvantChemotherapy] bit NULL,
        [AdjuvantRadiotherapy] bit NULL,
        [AdjuvantChemotherapy] bit NULL,
        [Status] nvarchar(10) NOT NULL,
        [IsLocked] bit NOT NULL,
        [LastEditReason] nvarchar(500) NULL,
        [Version] int NOT NULL,
        [IsVerified] bit NOT NULL,
        [VerifiedBy] nvarchar(256) NULL,
        [VerifiedAt] datetimeoffset NULL,
        [VerificationLostReason] nvarchar(700) NULL,
        CONSTRAINT [PK_Operations] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Operations_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [LabPanels] (
        [Id] uniqueidentifier NOT NULL,
        [OperationId] uniqueidentifier NOT NULL,
        [DrawDate] date NOT NULL,
        [PlateletsE9PerL] decimal(9,3) NULL,
        [NeutrophilsE9PerL] decimal(9,3) NULL,
        [LymphocytesE9PerL] decimal(9,3) NULL,
        [HaemoglobinGPerL] decimal(7,2) NULL,
        [AlbuminGPerL] decimal(7,2) NULL,
        [Status] nvarchar(10) NOT NULL,
        [IsLocked] bit NOT NULL,
        [LastEditReason] nvarchar(500) NULL,
        [Version] int NOT NULL,
        [IsVerified] bit NOT NULL,
        [VerifiedBy] nvarchar(256) NULL,
        [VerifiedAt] datetimeoffset NULL,
        [VerificationLostReason] nvarchar(700) NULL,
        CONSTRAINT [PK_LabPanels] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_LabPanels_Operations_OperationId] FOREIGN KEY ([OperationId]) REFERENCES [Operations] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE TABLE [PathologyReports] (
        [Id] uniqueidentifier NOT NULL,
        [OperationId] uniqueidentifier NOT NULL,
        [Histotype] nvarchar(30) NULL,
        [DifferentiationScore] int NULL,
        [MitoticCountPer10Hpf] int NULL,
        [Necrosis] nvarchar(12) NULL,
        [ReportedGrade] nvarchar(2) NULL,
        [MarginStatus] nvarchar(30) NULL,
        [Ki67Percent] decimal(5,2) NULL,
        [Status] nvarchar(10) NOT NULL,
        [IsLocked] bit NOT NULL,
        [LastEditReason] nvarchar(500) NULL,
        [Version] int NOT NULL,
        [IsVerified] bit NOT NULL,
        [VerifiedBy] nvarchar(256) NULL,
        [VerifiedAt] datetimeoffset NULL,
        [VerificationLostReason] nvarchar(700) NULL,
        CONSTRAINT [PK_PathologyReports] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PathologyReports_Operations_OperationId] FOREIGN KEY ([OperationId]) REFERENCES [Operations] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_AnalysisRuns_RequestedAt] ON [AnalysisRuns] ([RequestedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_AnalysisSnapshots_CreatedAt] ON [AnalysisSnapshots] ([CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_CentreId_At] ON [AuditEntries] ([CentreId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_Entity_EntityKey] ON [AuditEntries] ([Entity], [EntityKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_Entity_Id] ON [AuditEntries] ([Entity], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_PatientId_Id] ON [AuditEntries] ([PatientId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Centres_Code] ON [Centres] ([Code]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_DataQueries_CentreId_Status] ON [DataQueries] ([CentreId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_DataQueries_FormId] ON [DataQueries] ([FormId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_DataQueries_PatientId] ON [DataQueries] ([PatientId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUpEvents_PatientId_Date] ON [FollowUpEvents] ([PatientId], [Date]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_IdempotencyRecords_ExpiresAt] ON [IdempotencyRecords] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_LabPanels_OperationId] ON [LabPanels] ([OperationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_Operations_PatientId_Date] ON [Operations] ([PatientId], [Date]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PathologyReports_OperationId] ON [PathologyReports] ([OperationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_Patients_CentreId] ON [Patients] ([CentreId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_Patients_CentreId_HospitalNumberHash] ON [Patients] ([CentreId], [HospitalNumberHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Patients_StudyId] ON [Patients] ([StudyId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_UserCentres_CentreId] ON [UserCentres] ([CentreId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_UserSessions_ExpiresAt] ON [UserSessions] ([ExpiresAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    CREATE INDEX [IX_UserSessions_UserId] ON [UserSessions] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261204221458_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261204221458_Initial', N'10.0.15');
END;

COMMIT;
GO

