DROP TABLE calls;
DROP TABLE photos;
