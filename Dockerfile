# Builds the web app and the rlms CLI into one image. Used by docker-compose.yml (SQL Server).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/RlmsRegistry.Web -c Release -o /app/web \
 && dotnet publish src/RlmsRegistry.Cli -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app/web ./
COPY --from=build /app/cli ./cli/
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "RlmsRegistry.Web.dll"]
