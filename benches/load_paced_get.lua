-- wrk script: the URL's GET, paced (`wrk ... -- MS`, see benches/load_pace.lua).
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua"
require("load_pace")

function init(args)
  pace(args[1])
end
