// Serving the app on Node: start listening, and a graceful stop that refuses new connections, lets in-flight
// requests finish (up to a grace period), then closes the runtime (background jobs, database).
import type { AddressInfo } from "node:net"
import { type ServerType, serve } from "@hono/node-server"
import type { ApiApp } from "./http/route-kit.ts"
import type { ApiRuntime } from "./runtime.ts"

export interface RunningServer {
  readonly port: number
  readonly url: string
  /** Stops accepting, waits for in-flight requests (at most `graceMs`, default 10 s), then disposes the runtime. */
  readonly close: (graceMs?: number) => Promise<void>
}

export const startServer = (options: {
  readonly app: ApiApp
  readonly runtime: ApiRuntime
  readonly port: number
  readonly host: string
}): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    let server: ServerType | undefined
    const onError = (error: Error) => reject(error)
    server = serve({ fetch: options.app.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      server?.off("error", onError)
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address
      let closing: Promise<void> | undefined
      resolve({
        port: info.port,
        url: `http://${host}:${info.port}`,
        close: (graceMs = 10_000) => {
          closing ??= (async () => {
            const stopped = new Promise<void>((done) => server?.close(() => done()))
            // Keep-alive connections with no request in flight would hold close() open until they time out.
            if (server !== undefined && "closeIdleConnections" in server) server.closeIdleConnections()
            const grace = new Promise<void>((done) => setTimeout(done, graceMs).unref())
            await Promise.race([stopped, grace])
            if (server !== undefined && "closeAllConnections" in server) server.closeAllConnections()
            await options.runtime.dispose()
          })()
          return closing
        }
      })
    })
    server.once("error", onError)
  })
