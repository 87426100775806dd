# The Charta server: `docker build -t charta-server .` then
#   docker run --rm -p 5080:5080 -v "$PWD/data:/data" charta-server          (a ledger at data/charta.db)
#   docker run --rm -p 5080:5080 -v "$PWD/data:/data" charta-server --demo   (creates the illustrative ledger, prints a token)
# Users: docker run --rm -v "$PWD/data:/data" --entrypoint /app/charta charta-server user add NAME --role admin --db /data/charta.db
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Charta.Cli -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=build /app /app
WORKDIR /data
EXPOSE 5080
# Inside the container the server listens on every interface; publish the port to the host's loopback if it must stay private.
ENTRYPOINT ["/app/charta", "serve", "--db", "/data/charta.db", "--port", "5080", "--host", "0.0.0.0"]
