export { downloadRecording, RecordingDownloadError, type DownloadedRecording, type DownloadOptions } from "./download";
export { mintPlaybackUrl, serveRecording, type ServeRecordingInput } from "./playback";
export { resolveRange, type RangeResolution } from "./range";
export { signRecordingUrl, verifyRecordingSignature, type RecordingSignatureSubject, type SignatureCheck } from "./signed-url";
