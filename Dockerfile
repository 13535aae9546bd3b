# One image for every component; the first argument picks it: beat | worker | dashboard | cli.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Scheduler.Beat -c Release -o /app/beat \
 && dotnet publish src/Scheduler.Worker -c Release -o /app/worker \
 && dotnet publish src/Scheduler.Dashboard -c Release -o /app/dashboard \
 && dotnet publish src/Scheduler.Cli -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app /app
COPY scripts/docker-entrypoint.sh /app/entrypoint.sh
RUN chmod +x /app/entrypoint.sh
ENTRYPOINT ["/app/entrypoint.sh"]
