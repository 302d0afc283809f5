@echo off
rem Starts Roster (lib\roster.jar); every argument goes to Roster. ROSTER_HEAP sets the maximum heap
rem (default 128m), JAVA_HOME the Java 17+ to use (default: java on the PATH), JAVA_OPTS more JVM options.
setlocal
set "ROSTER_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
"%JAVA%" -version >nul 2>&1 || (echo roster: no java found. Install Java 17 or newer, or set JAVA_HOME to one. 1>&2 & exit /b 1)
rem The default heap: a fixed young generation of an eighth, and a start at twice that (bin/roster says why).
rem A heap set in ROSTER_HEAP keeps an eighth young through NewRatio.
if defined ROSTER_HEAP (set "HEAP_OPTIONS=-Xmx%ROSTER_HEAP% -XX:NewRatio=7") else (set "HEAP_OPTIONS=-Xmx128m -Xms32m -Xmn16m")
"%JAVA%" %HEAP_OPTIONS% -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError %JAVA_OPTS% -jar "%ROSTER_HOME%\lib\roster.jar" %*
exit /b %ERRORLEVEL%
