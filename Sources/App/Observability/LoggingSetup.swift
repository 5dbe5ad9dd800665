import Logging

/// Installs the process-wide log handler once, as `LOG_FORMAT` and `LOG_LEVEL` say.
public enum LoggingSetup {
    public static func bootstrap(format: AppConfig.LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                return JSONLogHandler(label: label, level: level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
