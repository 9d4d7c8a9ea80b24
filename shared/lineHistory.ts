// The shape of half-duplex line history over HTTP, checked by the bridge when it answers and by the page when it reads the answer.
import { Type, type Static } from '@sinclair/typebox';

/** GET /api/line-history/:host: the lines entered on that host, oldest first. */
export const LineHistorySchema = Type.Object({ lines: Type.Array(Type.String()) });
export type LineHistoryAnswer = Static<typeof LineHistorySchema>;
