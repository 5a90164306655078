/** Whose pooled database sessions: a connection's and a chat connector's are kept apart. */
export const connectionSessions = (id: string) => `connection:${id}`;
export const chatConnectorSessions = (id: string) => `chat-connector:${id}`;
