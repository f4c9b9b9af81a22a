# tools/common: what dsctl, kstack and the bench share (JSON writer, file
# reader, allocation and exit convention, UTF-8); linked into each.
COMMON_SRCS := $(patsubst $(SRC)/%,%,$(wildcard $(SRC)/tools/common/*.c))
